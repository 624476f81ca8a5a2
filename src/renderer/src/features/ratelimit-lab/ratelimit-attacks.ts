import { api } from '../../api/client';
import type { AttackResult } from '../../components/attack-catalogue';
import { addedCounts, keysOf, planGuesses, snapshotOf, type RunPlan } from '../../../../common/ratelimit-guesses';
import { runGuesses, type RunSummary } from './brute-force';

const snapshot = async () => snapshotOf(await api('GET /api/lab/ratelimit/counters'));

/** A throwaway victim made through the real registration API, so no demo account is locked by a run. */
async function freshVictim(): Promise<{ email: string; password: string }> {
  const email = `victim-${crypto.randomUUID().slice(0, 8)}@ratelimit-lab.test`;
  const password = `${crypto.randomUUID()}-pw`;
  await api('POST /api/auth/register', { body: { email, password } });
  return { email, password };
}

interface AttackRun {
  plan: RunPlan;
  /** Guesses in the run, and where the victim's real password sits in them. */
  count: number;
  position: number;
  progress: (tried: number, total: number) => void;
}

async function runAttack(run: AttackRun): Promise<{ victim: { email: string }; summary: RunSummary; steps: string[] }> {
  // Taken before the victim is registered, so the run gives back its registration request too.
  const before = await snapshot();
  const [victim, { words }, client] = await Promise.all([
    freshVictim(),
    api('GET /api/lab/jwt/wordlist'),
    api('GET /api/lab/ratelimit/client'),
  ]);
  const guesses = planGuesses(run.plan, victim, words, run);
  const refusals: string[] = [];
  let firstRefusal: number | null = null;
  try {
    const summary = await runGuesses(guesses, {
      route: '/api/session/login',
      ratePerSecond: 50,
      signal: new AbortController().signal,
      onResult: (result, index) => {
        run.progress(index + 1, guesses.length);
        if (result.outcome === 'refused' && firstRefusal === null) {
          firstRefusal = index + 1;
          refusals.push(
            `Attempt ${index + 1} got 429 ${result.code}: "${result.message}" (Retry-After ${result.retryAfterSeconds} s${result.rateLimit ? `, RateLimit-Limit ${result.rateLimit.limit}` : ''}).`,
          );
        }
      },
    });
    const steps = [
      `The lab registered a throwaway victim ${victim.email}; its real password is attempt ${run.position} of ${guesses.length}.`,
      run.plan.target === 'one'
        ? `The attacker sent guesses for that one account from ${run.plan.ip === 'rotating' ? 'a new fake X-Forwarded-For each time' : `this machine (${client.ip})`}.`
        : `The attacker sent a leaked list: ${guesses.length} accounts, one password each, ${run.plan.ip === 'rotating' ? 'each request with a new fake X-Forwarded-For' : `all from ${client.ip}`}.`,
      `${summary.checked} attempts were checked by the server (401), ${summary.refused} were refused with 429.`,
      ...refusals,
      summary.found
        ? `Attempt ${run.position} signed in as ${victim.email}: the account is taken over.`
        : `The real password (attempt ${run.position}) was refused before the server even checked it.`,
    ];
    return { victim, summary, steps };
  } finally {
    // Give back what the run added, so the learner's own IP is not left throttled and counts from before stay.
    const after = await snapshot();
    const keys = keysOf(guesses, client.ip);
    await api('POST /api/lab/ratelimit/give-back', {
      body: {
        login: addedCounts(keys.login, before.login, after.login),
        general: addedCounts(keys.general, before.general, after.general),
      },
    });
  }
}

/** Brute force one account with the shipped word list; the real password is the 12th guess of 30. */
export async function bruteForceOneAccount(progress: AttackRun['progress']): Promise<AttackResult> {
  const { summary, steps } = await runAttack({
    plan: { target: 'one', ip: 'real', source: 'wordlist' },
    count: 30,
    position: 12,
    progress,
  });
  return {
    succeeded: summary.found !== null,
    summary: summary.found ? 'The word list found the password.' : 'The account was throttled after 5 failures.',
    steps: [...steps, 'The lab gave back what this run added to the counters.'],
  };
}

/** Stuff a leaked list of 60 email/password pairs from one machine, rotating X-Forwarded-For; the victim's pair is the 55th. */
export async function sprayWithRotatingIps(progress: AttackRun['progress']): Promise<AttackResult> {
  const { summary, steps } = await runAttack({
    plan: { target: 'many', ip: 'rotating', source: 'wordlist' },
    count: 60,
    position: 55,
    progress,
  });
  return {
    succeeded: summary.found !== null,
    summary: summary.found
      ? 'Every fake IP was a new client: the per-IP limit never fired.'
      : 'The per-IP limit saw one client and stopped it after 50 failures.',
    steps: [...steps, 'The lab gave back what this run added to the counters.'],
  };
}
