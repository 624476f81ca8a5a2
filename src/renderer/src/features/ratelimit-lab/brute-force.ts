import { answerOf } from '../../api/client';

/** One login attempt the runner makes: whose account, which password, and the IP it claims (if any). */
export interface Guess {
  email: string;
  password: string;
  /** Sent as X-Forwarded-For: a fake client IP the server may or may not believe. */
  forwardedFor?: string;
}

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

/** A fake client IP per request, from the documentation ranges (RFC 5737), so nothing real is named. */
export const fakeIp = (i: number) => `${i % 2 ? '198.51.100' : '203.0.113'}.${(Math.floor(i / 2) % 254) + 1}`;

/** A guess that is not in any list: the "random guesses" source. */
export const randomGuess = () => crypto.randomUUID().slice(0, 10);

/** The word list with the account's real password placed at `position` (1-based), so a run can succeed. */
export function wordListWith(words: readonly string[], password: string, position: number, count: number): string[] {
  const list = words.filter((word) => word !== password).slice(0, Math.max(0, count - 1));
  list.splice(Math.max(0, Math.min(position - 1, list.length)), 0, password);
  return list;
}

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

/** How the runner picks its targets and source address. */
export interface RunPlan {
  /** One account (brute force) or a leaked list of many accounts, one password each (credential stuffing). */
  target: 'one' | 'many';
  /** Every request from this machine (its real IP), or a new fake X-Forwarded-For each time. */
  ip: 'real' | 'rotating';
  source: 'wordlist' | 'random';
}

/**
 * The guesses of a run. Brute force: the target account against the word
 * list (real password placed in it) or random strings. Stuffing: a leaked
 * list of made-up accounts, each with one password, and the target's real
 * pair placed in it, as a breach of another site would have it.
 */
export function planGuesses(
  plan: RunPlan,
  target: { email: string; password: string },
  words: readonly string[],
  options: { count: number; position: number },
): Guess[] {
  const passwords =
    plan.source === 'random'
      ? Array.from({ length: options.count }, randomGuess)
      : wordListWith(words, target.password, options.position, options.count);
  const guesses: Guess[] =
    plan.target === 'one'
      ? passwords.map((password) => ({ email: target.email, password }))
      : passwords.map((password, i) =>
          password === target.password
            ? { email: target.email, password }
            : { email: `leaked-${String(i + 1).padStart(4, '0')}@breach.example`, password },
        );
  return plan.ip === 'rotating' ? guesses.map((guess, i) => ({ ...guess, forwardedFor: fakeIp(i) })) : guesses;
}
