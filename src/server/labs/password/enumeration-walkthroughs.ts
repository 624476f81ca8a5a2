import { timesGiveAccountAway } from '../../../common/labs/password';
import type { TrafficEntry } from '../../../common/schemas/lab';
import { emailOf, exchangesTo, jsonOf } from '../../core/walkthrough-evidence';
import type { WalkthroughChecks, WalkthroughEvidence } from '../attack-kit';
import { median } from './attacks/enumeration';

/**
 * The live checks of the enumeration walkthroughs: the answers (or the
 * times) of the learner's own requests for an email that has an account and
 * one that has none, compared.
 */

/** Failed logins needed on each side before the times are compared. */
const TIMED_LOGINS = 3;

const failedLogins = (ev: WalkthroughEvidence) =>
  ['/api/session/login', '/api/jwt/login']
    .flatMap((path) => exchangesTo(ev.exchanges, 'app', 'POST', path))
    .filter((e) => e.status === 401)
    .sort((a, b) => a.id - b.id);

/** Failed logins split by whether the email has an account now. */
function byAccount(ev: WalkthroughEvidence) {
  const failed = failedLogins(ev);
  const hasAccount = (e: TrafficEntry) => ev.ctx.users.findByEmail(emailOf(e)) !== undefined;
  return { existing: failed.filter(hasAccount), unknown: failed.filter((e) => !hasAccount(e)) };
}

/** What an answer shows an attacker: its status, code and message. */
const answerOf = (e: TrafficEntry) => {
  const body = jsonOf(e.responseBody);
  return `${e.status} ${String(body.error ?? body.status ?? '')} ${String(body.message ?? '')}`;
};

/** The latest answers of both kinds compared: a difference gives the account away. */
function compared(existing: TrafficEntry | undefined, unknown: TrafficEntry | undefined) {
  if (!existing || !unknown) return null;
  return answerOf(existing) === answerOf(unknown) ? 'refused' : 'succeeded';
}

const said = (e: TrafficEntry | undefined, what: string) =>
  e ? `${what} ${emailOf(e)}: ${answerOf(e).trim()}.` : null;

const enumLoginAnswer: WalkthroughChecks = {
  steps: {
    existing: (ev) => said(byAccount(ev).existing.at(-1), 'A wrong password for the account'),
    unknown: (ev) => said(byAccount(ev).unknown.at(-1), 'A login for the unknown email'),
  },
  goal: (ev) => {
    const { existing, unknown } = byAccount(ev);
    return compared(existing.at(-1), unknown.at(-1));
  },
};

/** The median server time of the latest few failed logins of one kind, once there are enough. */
function medianOf(entries: TrafficEntry[]): number | null {
  return entries.length >= TIMED_LOGINS ? median(entries.slice(-TIMED_LOGINS).map((e) => e.durationMs)) : null;
}

const timed = (entries: TrafficEntry[], what: string) => {
  const ms = medianOf(entries);
  return ms === null ? null : `${entries.length} failed logins for ${what}: median ${ms.toFixed(1)} ms on the server.`;
};

const enumLoginTiming: WalkthroughChecks = {
  steps: {
    existing: (ev) => timed(byAccount(ev).existing, 'an existing account'),
    unknown: (ev) => timed(byAccount(ev).unknown, 'unknown emails'),
  },
  goal: (ev) => {
    const { existing, unknown } = byAccount(ev);
    if (medianOf(existing) === null || medianOf(unknown) === null) return null;
    const ms = (entries: TrafficEntry[]) => entries.slice(-TIMED_LOGINS).map((e) => e.durationMs);
    return timesGiveAccountAway(ms(existing), ms(unknown)) ? 'succeeded' : 'refused';
  },
};

/**
 * Registrations split by whether the email was taken: a 409, or a 202 after
 * which the owner got the "someone tried to register" mail.
 */
function registrations(ev: WalkthroughEvidence) {
  const warned = new Set(
    ev.ctx.mailer
      .list()
      .filter((m) => m.subject === 'Someone tried to register with your email')
      .map((m) => m.to),
  );
  const answered = exchangesTo(ev.exchanges, 'app', 'POST', '/api/auth/register').filter(
    (e) => e.status === 202 || e.status === 409,
  );
  const taken = (e: TrafficEntry) => e.status === 409 || warned.has(emailOf(e));
  return { taken: answered.filter(taken), free: answered.filter((e) => !taken(e)) };
}

const enumRegisterAnswer: WalkthroughChecks = {
  steps: {
    taken: (ev) => said(registrations(ev).taken.at(-1), 'Registering the taken email'),
    free: (ev) => said(registrations(ev).free.at(-1), 'Registering the free email'),
  },
  goal: (ev) => {
    const { taken, free } = registrations(ev);
    return compared(taken.at(-1), free.at(-1));
  },
};

export const ENUMERATION_WALKTHROUGHS = {
  'enum-login-answer': enumLoginAnswer,
  'enum-login-timing': enumLoginTiming,
  'enum-register-answer': enumRegisterAnswer,
} as const;
