import { randomUUID } from 'node:crypto';
import {
  addedCounts,
  keysOf,
  planGuesses,
  snapshotOf,
  type Guess,
  type RunPlan,
} from '../../../../common/ratelimit-guesses';
import type { RateLimitClient, RateLimitCounters } from '../../../../common/schemas/ratelimit';
import { cannotRun, noteThrowaway, type AttackRunContext } from '../../attack-kit';

/** One guessing attack: how it picks its guesses, how many, where the real pair sits, and how many fly at once. */
export interface GuessAttack {
  plan: RunPlan;
  count: number;
  /** The real password's place in the list (1-based): the run stops once it has been tried. */
  position: number;
  /** Requests in flight at once: a stuffing run sends in parallel, as real tools do. */
  parallel: number;
}

/** What the servers answered to a run's guesses. */
export interface GuessOutcome {
  victim: string;
  sent: number;
  /** 401: the server checked the password and said no. */
  checked: number;
  /** 429: refused before any check. */
  refused: number;
  /** The first refusal, in the server's words. */
  firstRefusal: string | null;
  found: Guess | null;
}

type Answer = { status: number; body: Record<string, unknown> };

/**
 * Runs a guessing attack as the attacker's script would, over real HTTP: a
 * throwaway victim registered through the real API (so no demo account is
 * ever throttled), the shipped word list, guesses to POST /api/session/login.
 * Afterwards it gives back, through the lab's own give-back helper, exactly
 * what the run added to the counters, so neither the learner's address nor
 * anyone's account is left throttled.
 */
export async function runGuessAttack(run: AttackRunContext, attack: GuessAttack): Promise<GuessOutcome> {
  const app = run.ctx.origins.app;
  const attacker = run.browser();
  const call = async (method: string, path: string, json?: unknown, headers?: Record<string, string>) => {
    const answer = await attacker.request(method, app + path, { json, headers });
    return { status: answer.status, body: JSON.parse(answer.text || '{}') as Record<string, unknown> } as Answer;
  };
  const counters = async () => snapshotOf((await call('GET', '/api/lab/ratelimit/counters')).body as RateLimitCounters);
  // Taken before the victim is registered, so the run gives back its registration request too.
  const before = await counters();
  const victim = { email: `victim-${randomUUID().slice(0, 8)}@ratelimit-lab.test`, password: `${randomUUID()}-pw` };
  // Noted first: a registration answered late still leaves no account behind.
  noteThrowaway(run, victim.email);
  const registered = await call('POST', '/api/auth/register', victim);
  if (registered.status !== 202) throw cannotRun(`registering the throwaway victim answered ${registered.status}.`);
  const { words } = (await call('GET', '/api/lab/jwt/wordlist')).body as { words: string[] };
  const client = (await call('GET', '/api/lab/ratelimit/client')).body as RateLimitClient;
  const guesses = planGuesses(attack.plan, victim, words, attack).slice(0, attack.position);
  run.say(
    `Registered a throwaway victim ${victim.email}; its real password is guess ${attack.position} of ${guesses.length}.`,
  );
  const outcome: GuessOutcome = {
    victim: victim.email,
    sent: 0,
    checked: 0,
    refused: 0,
    firstRefusal: null,
    found: null,
  };
  const tryGuess = async (guess: Guess, index: number) => {
    const headers = guess.forwardedFor ? { 'x-forwarded-for': guess.forwardedFor } : undefined;
    const answer = await call('POST', '/api/session/login', { email: guess.email, password: guess.password }, headers);
    outcome.sent += 1;
    if (answer.status === 200) outcome.found = guess;
    else if (answer.status === 429) {
      outcome.refused += 1;
      outcome.firstRefusal ??= `Guess ${index + 1} got 429 ${String(answer.body.error)}: "${String(answer.body.message)}"`;
    } else outcome.checked += 1;
  };
  try {
    for (let start = 0; start < guesses.length && !outcome.found && !run.signal.aborted; start += attack.parallel) {
      const wave = guesses.slice(start, start + attack.parallel);
      await Promise.all(wave.map((guess, i) => tryGuess(guess, start + i)));
    }
  } finally {
    const after = await counters();
    const keys = keysOf(guesses, client.ip);
    await call('POST', '/api/lab/ratelimit/give-back', {
      login: addedCounts(keys.login, before.login, after.login),
      general: addedCounts(keys.general, before.general, after.general),
    });
  }
  run.say(
    `${outcome.sent} guesses sent: ${outcome.checked} checked and wrong (401), ${outcome.refused} refused (429).`,
  );
  if (outcome.firstRefusal) run.say(`${outcome.firstRefusal}.`);
  run.say('The lab gave back what this run added to the counters.');
  return outcome;
}
