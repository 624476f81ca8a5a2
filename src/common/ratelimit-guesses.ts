/**
 * The rate-limit lab's attack plans, shared by the page's runners (in the
 * learner's browser) and the server's (the attack catalogue): which guesses
 * a run sends, and which counters it used, so it can give them back after.
 */
import type { RateLimitCounter, RateLimitCounters } from './schemas/ratelimit';

/** One login attempt the runner makes: whose account, which password, and the IP it claims (if any). */
export interface Guess {
  email: string;
  password: string;
  /** Sent as X-Forwarded-For: a fake client IP the server may or may not believe. */
  forwardedFor?: string;
}

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

/** The counters a run may touch: the victims' accounts, and the client's address as each limit keys it. */
export function keysOf(guesses: readonly Guess[], clientIp: string): { login: Set<string>; general: Set<string> } {
  const login = new Set<string>([`ip:${clientIp}`]);
  const general = new Set<string>([clientIp]);
  for (const guess of guesses) {
    login.add(`account:${guess.email}`);
    if (guess.forwardedFor) {
      login.add(`ip:${guess.forwardedFor}`);
      general.add(guess.forwardedFor);
    }
  }
  return { login, general };
}

export type CounterSnapshot = Map<string, { count: number; windowStart: string }>;

/** Both limits' counters by key, as GET /api/lab/ratelimit/counters answered. */
export function snapshotOf(counters: RateLimitCounters): { login: CounterSnapshot; general: CounterSnapshot } {
  const map = (rows: RateLimitCounter[]): CounterSnapshot => new Map(rows.map((r) => [r.key, r]));
  return { login: map(counters.login.counters), general: map(counters.general.counters) };
}

/** What the run added to each key: the growth of the same window, or all of a window it opened. */
export function addedCounts(
  keys: Set<string>,
  before: CounterSnapshot,
  after: CounterSnapshot,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) {
    const now = after.get(key);
    if (!now) continue;
    const then = before.get(key);
    const n = then && then.windowStart === now.windowStart ? now.count - then.count : now.count;
    if (n > 0) counts[key] = n;
  }
  return counts;
}
