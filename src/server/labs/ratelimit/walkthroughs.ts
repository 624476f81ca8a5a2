import type { RATELIMIT_LAB } from '../../../common/labs/ratelimit';
import type { TrafficEntry } from '../../../common/schemas/lab';
import { exchangesTo, fieldsOf, jsonBody, pathOf } from '../../core/walkthrough-evidence';
import { LOGIN_LIMITS } from '../../auth/login-throttle';
import type { LabAttacks, WalkthroughEvidence } from '../attack-kit';

/** Every route that takes a password counts against the same failed-login limit. */
const LOGIN_PATHS = new Set(['/api/session/login', '/api/jwt/login']);

/** Login attempts since the attempt began, oldest first, with the email and X-Forwarded-For they carried. */
const loginAttempts = (x: WalkthroughEvidence) =>
  x.exchanges
    .filter((e) => e.origin === 'app' && e.method === 'POST' && LOGIN_PATHS.has(pathOf(e)))
    .map((exchange) => ({
      exchange,
      email: (fieldsOf(exchange).email ?? '').trim().toLowerCase(),
      forwardedFor: exchange.requestHeaders['x-forwarded-for'],
    }));

/** Statuses counted, as the evidence line shows them: "401 ×5, 429 ×1". */
const tally = (exchanges: readonly TrafficEntry[]) => {
  const counts = new Map<number, number>();
  for (const e of exchanges) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${status} ×${n}`).join(', ');
};

/** The accounts registered during the attempt: the throwaway targets. */
const registered = (x: WalkthroughEvidence) =>
  exchangesTo(x.exchanges, 'app', 'POST', '/api/auth/register')
    .filter((e) => e.status === 202)
    .map((e) => (fieldsOf(e).email ?? '').trim().toLowerCase());

/** Each registered account's login attempts. */
const attemptsOnTargets = (x: WalkthroughEvidence) =>
  registered(x).map((email) => ({ email, attempts: loginAttempts(x).filter((a) => a.email === email) }));

/** The answers after the account's first `perAccount` wrong passwords: a 200 there is a guess the limit should have stopped. */
function afterTheLimit(attempts: ReturnType<typeof loginAttempts>): number[] {
  let failures = 0;
  const later: number[] = [];
  for (const { exchange } of attempts) {
    if (failures >= LOGIN_LIMITS.perAccount) later.push(exchange.status);
    else if (exchange.status === 401) failures += 1;
  }
  return later;
}

/** The lab's own helpers that give counters back, answered after the attack's first login attempt. */
const cleanedUp = (x: WalkthroughEvidence) => {
  const firstLogin = loginAttempts(x)[0]?.exchange.id ?? Infinity;
  return x.exchanges.find(
    (e) =>
      e.origin === 'app' &&
      e.id > firstLogin &&
      e.status === 200 &&
      ['/api/lab/ratelimit/reset', '/api/lab/ratelimit/give-back'].includes(pathOf(e)),
  );
};
const cleanUpEvidence = (x: WalkthroughEvidence) => {
  const done = cleanedUp(x);
  return done ? `POST ${pathOf(done)} → 200: the counters are given back.` : null;
};

/** Login attempts that claimed a client address in X-Forwarded-For. */
const spoofed = (x: WalkthroughEvidence) => loginAttempts(x).filter((a) => a.forwardedFor);
/** A 429 from the per-IP limit (the answer names the key it came from). */
const refusedByIp = (e: TrafficEntry) => e.status === 429 && jsonBody(e).limitedBy === 'ip';

/** The rate-limit lab's live checks, keyed by the step ids of its walkthroughs (common/labs/ratelimit.ts). */
export const RATELIMIT_WALKTHROUGHS = {
  'ratelimit-brute-force': {
    steps: {
      register: (x) => {
        const email = registered(x).at(-1);
        return email ? `POST /api/auth/register → 202 for ${email}.` : null;
      },
      guess: (x) => {
        const target = attemptsOnTargets(x).find(({ attempts }) => attempts.length > LOGIN_LIMITS.perAccount);
        if (!target) return null;
        return `${target.attempts.length} logins for ${target.email}: ${tally(target.attempts.map((a) => a.exchange))}.`;
      },
      'clean-up': cleanUpEvidence,
    },
    goal: (x) => {
      const targets = attemptsOnTargets(x);
      if (targets.some(({ attempts }) => afterTheLimit(attempts).includes(200))) return 'succeeded';
      // A 429 on the target, even before five failures of this attempt (its window was already full).
      return targets.some(({ attempts }) => attempts.some((a) => a.exchange.status === 429)) ? 'refused' : null;
    },
  },
  'ratelimit-xff-spray': {
    steps: {
      whoami: (x) => {
        const asked = exchangesTo(x.exchanges, 'app', 'GET', '/api/lab/ratelimit/client').find(
          (e) => e.requestHeaders['x-forwarded-for'],
        );
        if (!asked) return null;
        const claimed = asked.requestHeaders['x-forwarded-for'];
        return `You claimed ${claimed}; the server took you for ${String(jsonBody(asked).ip)}.`;
      },
      spray: (x) => {
        const sent = spoofed(x);
        const addresses = new Set(sent.map((a) => a.forwardedFor)).size;
        if (addresses <= LOGIN_LIMITS.perIp) return null;
        return `${sent.length} logins from ${addresses} claimed addresses: ${tally(sent.map((a) => a.exchange))}.`;
      },
      'clean-up': cleanUpEvidence,
    },
    goal: (x) => {
      const sent = spoofed(x);
      if (sent.some((a) => refusedByIp(a.exchange))) return 'refused';
      const pastTheLimit = sent.slice(LOGIN_LIMITS.perIp);
      return pastTheLimit.length > 0 && pastTheLimit.every((a) => a.exchange.status !== 429) ? 'succeeded' : null;
    },
  },
} satisfies LabAttacks<typeof RATELIMIT_LAB>['walkthroughs'];
