import type { PASSWORD_LAB } from '../../../common/labs/password';
import type { TrafficEntry } from '../../../common/schemas/lab';
import { schemeOf, verifyWeakPasswordHash } from '../../crypto/weak-password-hash';
import { emailOf, exchangesTo, jsonOf } from '../../core/walkthrough-evidence';
import { concealCredential } from '../../core/traffic-masking';
import type { LabAttacks, WalkthroughChecks, WalkthroughEvidence } from '../attack-kit';
import { ENUMERATION_WALKTHROUGHS } from './enumeration-walkthroughs';

/**
 * The live checks of the password lab's walkthroughs (texts in
 * common/labs/password-walkthroughs.ts): each reads the exchanges recorded
 * since the attempt began, the lab's state, or what the learner pasted.
 */

const LOGINS = ['/api/session/login', '/api/jwt/login'];

const logins = (ev: WalkthroughEvidence) => LOGINS.flatMap((path) => exchangesTo(ev.exchanges, 'app', 'POST', path));

/** How long before its recorded answer a registration may have created the account (bcrypt runs in between). */
const CREATED_WITHIN_MS = 30_000;

/**
 * Accounts this attempt's registrations created: a 202 whose account was made
 * just before the answer was recorded (a taken email answers 202 too).
 */
function registered(ev: WalkthroughEvidence) {
  return exchangesTo(ev.exchanges, 'app', 'POST', '/api/auth/register')
    .filter((e) => e.status === 202)
    .flatMap((e) => {
      const user = ev.ctx.users.findByEmail(emailOf(e));
      const age = Date.parse(e.at) - (user?.createdAt ?? 0);
      return user && age >= -1000 && age <= CREATED_WITHIN_MS ? [user] : [];
    });
}

/** The registered account whose row is the SHA-256 of the pasted password (no password is ever kept). */
function crackedAccount(ev: WalkthroughEvidence) {
  const pasted = ev.pasted.crack;
  if (!pasted) return undefined;
  return registered(ev).find(
    (u) => schemeOf(u.passwordHash) === 'sha256' && verifyWeakPasswordHash(pasted, u.passwordHash),
  );
}

const offlineCrack: WalkthroughChecks = {
  steps: {
    register: (ev) => {
      const user = registered(ev)[0];
      return user ? `Registered ${user.email}; its row is stored as ${schemeOf(user.passwordHash)}.` : null;
    },
    crack: (ev) => {
      const user = crackedAccount(ev);
      return user ? `The pasted word hashes to the row of ${user.email}: the password is recovered.` : null;
    },
  },
  goal: (ev) => {
    if (crackedAccount(ev)) return 'succeeded';
    // A salted, peppered bcrypt row: no word list gives it back.
    return registered(ev).some((u) => schemeOf(u.passwordHash) === 'bcrypt') ? 'refused' : null;
  },
};

/** A registration refused because the password is on the deny-list (the reason's code is masked: its message says it). */
const refusedAsCommon = (ev: WalkthroughEvidence) =>
  exchangesTo(ev.exchanges, 'app', 'POST', '/api/auth/register').find((e) => {
    const body = jsonOf(e.responseBody);
    const reasons: unknown[] = Array.isArray(body.reasons) ? body.reasons : [];
    return (
      body.error === 'weak_password' &&
      reasons.some((r) => /breached/i.test(String((r as { message?: unknown }).message)))
    );
  });

/** A login accepted for an account registered in this attempt, and how many tries it took. */
function sprayedIn(ev: WalkthroughEvidence) {
  const emails = new Set(registered(ev).map((u) => u.email));
  const tries = logins(ev).filter((e) => emails.has(emailOf(e)));
  const hit = tries.find((e) => e.status === 200);
  return hit ? { email: emailOf(hit), tries: tries.indexOf(hit) + 1 } : undefined;
}

const passwordSpray: WalkthroughChecks = {
  steps: {
    register: (ev) => {
      const user = registered(ev)[0];
      return user ? `Registered ${user.email}.` : null;
    },
    spray: (ev) => {
      const hit = sprayedIn(ev);
      return hit ? `Signed in to ${hit.email} on guess ${hit.tries}.` : null;
    },
  },
  goal: (ev) => (refusedAsCommon(ev) ? 'refused' : sprayedIn(ev) ? 'succeeded' : null),
};

const forgotFor = (ev: WalkthroughEvidence) =>
  exchangesTo(ev.exchanges, 'app', 'POST', '/api/password/forgot').find(
    (e) => e.status === 202 && ev.ctx.users.findByEmail(emailOf(e)),
  );

const forgotStep = (ev: WalkthroughEvidence) => {
  const forgot = forgotFor(ev);
  return forgot ? `A reset link was asked for ${emailOf(forgot)}.` : null;
};

/** The token each reset request carried, as the recorder keeps it (a fingerprint: equal tokens, equal marks). */
const resets = (ev: WalkthroughEvidence) =>
  exchangesTo(ev.exchanges, 'app', 'POST', '/api/password/reset').map((e) => ({
    entry: e,
    mark: String(jsonOf(e.requestBody).token ?? ''),
  }));

/** A reset that sent a value read from the leaked password_resets table. */
function leakedValueSent(ev: WalkthroughEvidence): TrafficEntry | undefined {
  const leaked = new Set(
    exchangesTo(ev.exchanges, 'app', 'GET', '/api/lab/password/resets').flatMap((e) => {
      const rows: unknown = jsonOf(e.responseBody);
      return Array.isArray(rows) ? rows.map((r: { tokenKey?: string }) => concealCredential(String(r.tokenKey))) : [];
    }),
  );
  return resets(ev).find((r) => leaked.has(r.mark))?.entry;
}

const resetLeakedToken: WalkthroughChecks = {
  steps: {
    request: forgotStep,
    leak: (ev) => {
      const read = exchangesTo(ev.exchanges, 'app', 'GET', '/api/lab/password/resets').find((e) => e.status === 200);
      return read ? 'Read the password_resets table as a leaked backup holds it.' : null;
    },
    reset: (ev) => {
      const sent = leakedValueSent(ev);
      return sent ? `POST /api/password/reset with a stored value: ${sent.status}.` : null;
    },
  },
  goal: (ev) => {
    const sent = leakedValueSent(ev);
    if (!sent) return null;
    return sent.status === 200 ? 'succeeded' : sent.status === 400 ? 'refused' : null;
  },
};

/** The victim's accepted reset, and a later one with the same token. */
function reuseOf(ev: WalkthroughEvidence) {
  const all = resets(ev);
  const used = all.find((r) => r.entry.status === 200 && r.mark);
  if (!used) return { used: undefined, again: undefined };
  const again = all.slice(all.indexOf(used) + 1).find((r) => r.mark === used.mark);
  return { used: used.entry, again: again?.entry };
}

const resetReusedLink: WalkthroughChecks = {
  steps: {
    request: forgotStep,
    'victim-reset': (ev) => (reuseOf(ev).used ? 'The victim set a new password with the mailed link.' : null),
    reuse: (ev) => {
      const { again } = reuseOf(ev);
      return again ? `The same token sent again: ${again.status}.` : null;
    },
  },
  goal: (ev) => {
    const { again } = reuseOf(ev);
    if (!again) return null;
    return again.status === 200 ? 'succeeded' : again.status === 400 ? 'refused' : null;
  },
};

/** The poisoned reset request, and where the link mailed for it points. */
function poisoned(ev: WalkthroughEvidence) {
  const request = exchangesTo(ev.exchanges, 'app', 'POST', '/api/password/forgot').find(
    (e) => e.status === 202 && e.requestHeaders['x-forwarded-host'] && ev.ctx.users.findByEmail(emailOf(e)),
  );
  if (!request) return undefined;
  const email = emailOf(request);
  const mail = ev.ctx.mailer.list().find((m) => m.to === email && m.subject === 'Reset your Auth Lab password');
  const link = mail?.links[0];
  return { email, origin: link ? new URL(link).origin : undefined };
}

const resetHostPoisoning: WalkthroughChecks = {
  steps: {
    poison: (ev) => {
      const found = poisoned(ev);
      return found ? `Asked for a reset of ${found.email} with an X-Forwarded-Host header.` : null;
    },
    inbox: (ev) => {
      const found = poisoned(ev);
      const opened = found && exchangesTo(ev.exchanges, 'app', 'GET', '/api/lab/inbox').some((e) => e.status === 200);
      return opened && found.origin ? `The reset mail to ${found.email} links to ${found.origin}.` : null;
    },
  },
  goal: (ev) => {
    const found = poisoned(ev);
    if (!found?.origin) return null;
    return found.origin === new URL(ev.ctx.origins.app).origin ? 'refused' : 'succeeded';
  },
};

/** The password lab's part of the attack catalogue's walkthroughs. */
export const PASSWORD_WALKTHROUGHS = {
  'offline-crack': offlineCrack,
  'password-spray': passwordSpray,
  'reset-leaked-token': resetLeakedToken,
  'reset-reused-link': resetReusedLink,
  'reset-host-poisoning': resetHostPoisoning,
  ...ENUMERATION_WALKTHROUGHS,
} satisfies LabAttacks<typeof PASSWORD_LAB>['walkthroughs'];
