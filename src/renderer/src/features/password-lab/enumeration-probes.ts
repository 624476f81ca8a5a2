import { answerOf } from '../../api/client';
import type { BodyOf } from '../../../../common/api-routes';
import { WITHOUT_SESSION } from './password-answers';

/**
 * What an attacker sends to learn which emails have accounts: real requests
 * to the real routes, made from this page without cookies (the learner's own
 * session is untouched), timed with performance.now().
 */

const random = () => crypto.getRandomValues(new Uint32Array(2)).join('').slice(0, 10);

/** An email nobody has registered (random, on a reserved test domain). */
export const unknownEmail = () => `nobody-${random()}@example.test`;

/** A wrong password: what an attacker who only wants to know whether the account exists sends. */
export const WRONG_PASSWORD = 'not the password 4417';

/** One answer as the step shows it. */
export interface Probe {
  status: number;
  /** The error code, or the status field of a 202. */
  code: string;
  message: string;
  ms: number;
}

/** The routes that take an email: what an attacker asks about one. */
type ProbeRoute =
  'POST /api/session/login' | 'POST /api/jwt/login' | 'POST /api/password/forgot' | 'POST /api/auth/register';

export async function probe(route: ProbeRoute, body: BodyOf<ProbeRoute>): Promise<Probe> {
  const started = performance.now();
  const res = await answerOf(route, { body, ...WITHOUT_SESSION });
  const ms = performance.now() - started;
  const accepted = 'status' in res.body ? res.body.status : undefined;
  return { status: res.status, code: res.body.error ?? accepted ?? '', message: res.body.message ?? '', ms };
}

export const sameAnswer = (a: Probe, b: Probe) => a.status === b.status && a.code === b.code && a.message === b.message;

/** A failed login with a wrong password, timed. */
export const loginProbe = (path: '/api/session/login' | '/api/jwt/login', email: string) =>
  probe(`POST ${path}`, { email, password: WRONG_PASSWORD });

/**
 * Forgets the failed logins a probe caused (a lab helper): the emails' counters,
 * and as many from this browser's IP, so probing never locks the learner out.
 */
export async function giveBackFailures(emails: string[]): Promise<void> {
  if (emails.length === 0) return;
  const res = await answerOf('POST /api/lab/password/give-back-failures', { body: { emails }, ...WITHOUT_SESSION });
  if (res.status !== 200) throw new Error(`Could not give back the failed logins: ${res.body.message ?? res.status}`);
}

/** A throwaway account that really exists, so no probe lands on the learner's own accounts. */
export async function newAccount(prefix: string): Promise<string> {
  const email = `${prefix}-${random()}@example.test`;
  const res = await answerOf('POST /api/auth/register', {
    body: { email, password: `enumeration probe ${random()}` },
    ...WITHOUT_SESSION,
  });
  if (res.status !== 202) throw new Error(`Could not make an account: ${res.body.message ?? res.status}`);
  return email;
}

/** One row of the answers table: a route, asked about an existing and an unknown email. */
export interface AnswerRow {
  route: string;
  /** What was sent, when it matters (a wrong password). */
  what?: string;
  existing: Probe;
  unknown: Probe;
}

/**
 * Asks every route that takes an email about both emails, in the order that
 * changes nothing first: login, forgot, and register last (registering the
 * unknown email creates it, as it would for an attacker).
 */
export async function compareAnswers(existing: string, unknown: string): Promise<AnswerRow[]> {
  const rows: AnswerRow[] = [];
  const both = async (route: string, ask: (email: string) => Promise<Probe>, what?: string) => {
    rows.push({ route, what, existing: await ask(existing), unknown: await ask(unknown) });
  };
  try {
    for (const path of ['/api/session/login', '/api/jwt/login'] as const)
      await both(`POST ${path}`, (email) => loginProbe(path, email), 'with a wrong password');
  } finally {
    await giveBackFailures([existing, unknown]);
  }
  await both('POST /api/password/forgot', (email) => probe('POST /api/password/forgot', { email }));
  const password = `enumeration probe ${random()}`;
  await both('POST /api/auth/register', (email) => probe('POST /api/auth/register', { email, password }));
  return rows;
}

export const median = (values: number[]) => quantile(values, 0.5);

/** The q-quantile (0..1) by linear interpolation; NaN for no values. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export interface TimingSamples {
  existing: number[];
  unknown: number[];
}

/** Failed logins per batch before the run gives them back: under the 5-per-account limit, far under 50 per IP. */
const PAIRS_PER_BATCH = 4;

/**
 * Times failed logins for one existing account and for unknown emails,
 * interleaved (the order swaps every pair) so a busy machine slows both sides
 * alike. Every few pairs the failures are given back, so the failed-login
 * limit never answers 429 in the middle of a run. The first pair warms up
 * (bcrypt workers, the dummy hash) and is not kept.
 */
export async function runTiming(options: {
  pairs: number;
  existing: string;
  onSample: (samples: TimingSamples, done: number) => void;
  shouldStop: () => boolean;
}): Promise<TimingSamples> {
  const samples: TimingSamples = { existing: [], unknown: [] };
  let tried: string[] = [];
  try {
    for (let i = -1; i < options.pairs && !options.shouldStop(); i++) {
      const fresh = unknownEmail();
      tried.push(options.existing, fresh);
      const first = i % 2 === 0 ? options.existing : fresh;
      const second = first === fresh ? options.existing : fresh;
      const a = await loginProbe('/api/session/login', first);
      const b = await loginProbe('/api/session/login', second);
      for (const answer of [a, b]) {
        if (answer.status !== 401)
          throw new Error(`The login answered ${answer.status} ${answer.code}: ${answer.message} The run stopped.`);
      }
      const [existingMs, unknownMs] = first === fresh ? [b.ms, a.ms] : [a.ms, b.ms];
      if (i >= 0) {
        samples.existing.push(existingMs);
        samples.unknown.push(unknownMs);
        options.onSample({ existing: [...samples.existing], unknown: [...samples.unknown] }, i + 1);
      }
      if ((i + 2) % PAIRS_PER_BATCH === 0) {
        await giveBackFailures(tried);
        tried = [];
      }
    }
  } finally {
    await giveBackFailures([...new Set(tried)]);
  }
  return samples;
}
