import { answerOf } from '../../api/client';
import type { Guess } from '../../../../common/ratelimit-guesses';

export { fakeIp, planGuesses, randomGuess, wordListWith } from '../../../../common/ratelimit-guesses';
export type { Guess, RunPlan } from '../../../../common/ratelimit-guesses';

/** What one attempt got back, as the chart and counters show it. */
export type AttemptOutcome = 'checked' | 'refused' | 'found';

export interface AttemptResult {
  guess: Guess;
  outcome: AttemptOutcome;
  status: number;
  /** The contract's error code (`invalid_credentials`, `rate_limited`, `attempts_in_progress`, …). */
  code: string | null;
  message: string | null;
  retryAfterSeconds: number | null;
  /** The password was right but the account asks for a second factor next. */
  needsMfa: boolean;
  /** The RateLimit-* headers of the answer, when it had them. */
  rateLimit: { limit: string; remaining: string; reset: string } | null;
  /** Milliseconds since the run started. */
  atMs: number;
}

export type LoginRoute = '/api/session/login' | '/api/jwt/login';

/** The attacker's requests carry no cookies: a found password does not sign the learner's own browser in or out. */
const asAttacker = { credentials: 'omit' as const, csrf: null };

/** One real login request, from this browser to the real login route. */
export async function tryLogin(route: LoginRoute, guess: Guess, startedAt: number): Promise<AttemptResult> {
  const answer = await answerOf(`POST ${route}`, {
    ...asAttacker,
    body: { email: guess.email, password: guess.password },
    headers: guess.forwardedFor ? { 'x-forwarded-for': guess.forwardedFor } : {},
  });
  const limit = answer.headers?.get('ratelimit-limit');
  return {
    guess,
    outcome: answer.status === 200 ? 'found' : answer.status === 429 ? 'refused' : 'checked',
    status: answer.status,
    code: answer.body.error ?? null,
    needsMfa: answer.body.requiresMfa === true,
    message: answer.body.message ?? null,
    retryAfterSeconds:
      typeof answer.body.retryAfterSeconds === 'number'
        ? answer.body.retryAfterSeconds
        : Number(answer.headers?.get('retry-after')) || null,
    rateLimit: limit
      ? {
          limit,
          remaining: answer.headers?.get('ratelimit-remaining') ?? '',
          reset: answer.headers?.get('ratelimit-reset') ?? '',
        }
      : null,
    atMs: Date.now() - startedAt,
  };
}

export interface RunOptions {
  route: LoginRoute;
  /** Attempts per second at most; each attempt also waits for the answer before the next. */
  ratePerSecond: number;
  signal: AbortSignal;
  onResult: (result: AttemptResult, index: number) => void;
}

/** What a finished run found: the account and password that worked, if any. */
export interface RunSummary {
  attempts: number;
  checked: number;
  refused: number;
  found: Guess | null;
  stopped: boolean;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Sends the guesses one after another at the chosen rate until one works,
 * the list ends or the run is stopped. A 429 does not stop it: the chart
 * shows the refusals pile up, as a real attacker would see them.
 */
export async function runGuesses(guesses: readonly Guess[], options: RunOptions): Promise<RunSummary> {
  const startedAt = Date.now();
  const summary: RunSummary = { attempts: 0, checked: 0, refused: 0, found: null, stopped: false };
  const gapMs = 1000 / Math.max(0.1, options.ratePerSecond);
  for (const [index, guess] of guesses.entries()) {
    if (options.signal.aborted) {
      summary.stopped = true;
      break;
    }
    const sentAt = Date.now();
    const result = await tryLogin(options.route, guess, startedAt);
    summary.attempts += 1;
    if (result.outcome === 'checked') summary.checked += 1;
    if (result.outcome === 'refused') summary.refused += 1;
    options.onResult(result, index);
    if (result.outcome === 'found') {
      summary.found = guess;
      break;
    }
    await sleep(gapMs - (Date.now() - sentAt), options.signal);
  }
  return summary;
}
