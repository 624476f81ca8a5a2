import { createHash } from 'node:crypto';
import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';
import { randomToken } from '../crypto/random';
import type { UserRow } from '../db/users';
import { IN_FLIGHT_RETRY_SECONDS, LoginThrottle } from './login-throttle';
import { upgradeStoredHash } from './password-storage';
import { recoveryCodesOf } from './recovery-codes';
import { acceptTotpCode } from './second-factor';
import { verifyTotp } from './totp';

/** A pending MFA login lives 5 minutes and allows 5 wrong codes (SECURITY.md, MFA). */
export const MFA_TICKET_TTL_MS = 5 * 60_000;
export const MFA_MAX_ATTEMPTS = 5;

export type LoginPurpose = 'session' | 'jwt' | 'oauth';

export type PasswordLoginResult =
  { kind: 'authenticated'; user: UserRow } | { kind: 'mfa_required'; mfaTicket: string; user: UserRow };

const invalidCredentials = () => new LabError(401, 'invalid_credentials', 'The email or password is wrong.');

/**
 * One answer whatever was wrong: telling "no such account" apart from "wrong
 * password" lets anyone list which emails have accounts (OWASP Authentication
 * Cheat Sheet, "authentication and error messages"; ASVS 5.0 V6.3.8).
 */
function loginRefused(ctx: LabContext, user: UserRow | undefined): LabError {
  if (ctx.toggles.isOn('login.uniformErrors')) return invalidCredentials();
  return user
    ? new LabError(401, 'wrong_password', 'The password is wrong.')
    : new LabError(401, 'unknown_user', 'No account with this email.');
}

/**
 * An unknown email still costs one bcrypt compare, against a dummy hash:
 * answered at once, it would tell by its speed which emails have accounts
 * (OWASP Authentication Cheat Sheet, "authentication responses"; ASVS 5.0 V6.3.8).
 */
async function passwordMatches(ctx: LabContext, password: string, user: UserRow | undefined): Promise<boolean> {
  if (!user && !ctx.toggles.isOn('login.constantTime')) return false;
  return (await ctx.hasher.verify(password, user?.passwordHash)) && user !== undefined;
}

const hashTicket = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

/**
 * The first factor, shared by every login route. One answer for every failure
 * (unknown email, wrong password), and the same bcrypt work either way: an
 * unknown email is compared against a dummy hash (OWASP Authentication Cheat
 * Sheet, "authentication and error messages"; ASVS 5.0 V6.3.8). The toggles
 * login.uniformErrors and login.constantTime switch each half off.
 */
export async function checkPasswordLogin(
  ctx: LabContext,
  input: { email: string; password: string; ip: string; purpose: LoginPurpose; rememberMe?: boolean },
): Promise<PasswordLoginResult> {
  const email = input.email.trim().toLowerCase();
  const throttle = new LoginThrottle(ctx);
  const user = ctx.users.findByEmail(email);
  const ok = await throttle.attempt(email, input.ip, () => passwordMatches(ctx, input.password, user));
  if (!ok || !user) throw loginRefused(ctx, user);
  await upgradeStoredHash(ctx, user, input.password);
  if (!user.mfaEnabled) return { kind: 'authenticated', user };

  // Password alone reaches nothing protected: it buys a short-lived,
  // single-use ticket for the second step (ASVS 5.0 V6.3.3).
  const mfaTicket = randomToken(32);
  ctx.loginState.insertTicket(
    hashTicket(mfaTicket),
    user.id,
    input.purpose,
    input.rememberMe === true,
    ctx.clock.nowMs() + MFA_TICKET_TTL_MS,
  );
  return { kind: 'mfa_required', mfaTicket, user };
}

export interface MfaStepInput {
  mfaTicket: string;
  code: string;
  email?: string;
  purpose: LoginPurpose;
}

const ticketInvalid = (message = 'This sign-in has expired. Start again with your password.') =>
  new LabError(401, 'mfa_ticket_invalid', message);

/**
 * A wrong code. A right code whose time step was already spent is a replay
 * (RFC 6238 §5.2): say so, so a learner waits for the next code instead of
 * retyping this one. It tells an attacker nothing: they already have the code.
 */
function wrongCode(
  ctx: LabContext,
  user: UserRow | undefined,
  code: string,
  extra: Record<string, unknown> = {},
): LabError {
  const replayed = user?.totpSecret
    ? verifyTotp(user.totpSecret, code, ctx.clock.epochSeconds(), null) !== null
    : false;
  return replayed
    ? new LabError(
        401,
        'invalid_code',
        'That code was already used: each code works only once (replay protection). Wait for the next code, then enter it.',
        { ...extra, reason: 'code_already_used' },
      )
    : new LabError(401, 'invalid_code', 'That code is not right.', extra);
}

type SecondFactor = 'totp' | 'recovery_code';

/** Every attempt of this ticket is being checked right now: none has failed yet, so the ticket lives. */
const ticketBusy = () =>
  new LabError(
    429,
    'attempts_in_progress',
    `Other codes for this sign-in are still being checked. Retry in ${IN_FLIGHT_RETRY_SECONDS} seconds.`,
    {
      retryAfterSeconds: IN_FLIGHT_RETRY_SECONDS,
      limit: MFA_MAX_ATTEMPTS,
      limitedBy: 'ticket',
    },
  );

/** Which second factor this code is for the user: a TOTP code (checked first, no bcrypt), or an unused recovery code. */
async function secondFactor(ctx: LabContext, user: UserRow | undefined, code: string): Promise<SecondFactor | null> {
  if (!user?.mfaEnabled) return null;
  if (acceptTotpCode(ctx, user, code) !== null) return 'totp';
  return (await recoveryCodesOf(ctx).consume(user.id, code)) ? 'recovery_code' : null;
}

/** With `mfa.attemptLimit` off (the attack): every guess is checked, none ends the ticket. */
async function checkCodeUnlimited(
  ctx: LabContext,
  ticketHash: string,
  factorUser: UserRow | undefined,
  code: string,
): Promise<SecondFactor> {
  const method = await secondFactor(ctx, factorUser, code);
  if (method !== null) return method;
  if (ctx.loginState.countWrongCode(ticketHash) === undefined) throw ticketInvalid();
  throw wrongCode(ctx, factorUser, code);
}

/**
 * Wrong codes count per ticket and per account, across tickets: a fresh
 * password login must not buy five more guesses at the 6-digit code. Both are
 * reserved before the check, so parallel guesses cannot all run while the
 * first ones are being checked (ASVS 5.0 V6.3.1).
 */
async function checkCodeWithinBudget(
  ctx: LabContext,
  throttle: LoginThrottle,
  ticketHash: string,
  ticketUserId: number,
  factorUser: UserRow | undefined,
  code: string,
): Promise<SecondFactor> {
  let attempts = 0;
  const reserveTicket = () => {
    const reserved = ctx.loginState.reserveAttempt(ticketHash, MFA_MAX_ATTEMPTS);
    if (reserved === undefined) throw ctx.loginState.ticket(ticketHash) ? ticketBusy() : ticketInvalid();
    attempts = reserved;
  };
  const method = await throttle.mfaAttempt(ticketUserId, () => secondFactor(ctx, factorUser, code), reserveTicket);
  if (method !== null) return method;
  if (attempts >= MFA_MAX_ATTEMPTS) {
    ctx.loginState.deleteTicket(ticketHash);
    throw ticketInvalid('Too many wrong codes. Start again with your password.');
  }
  throw wrongCode(ctx, factorUser, code, { attemptsLeft: MFA_MAX_ATTEMPTS - attempts });
}

/**
 * The second factor: a TOTP code, or an unused recovery code, for a pending
 * ticket. The ticket is bound to its user and its login path, and dies on
 * success, on expiry and after 5 wrong codes.
 */
export async function completeMfaLogin(
  ctx: LabContext,
  input: MfaStepInput,
): Promise<{ user: UserRow; rememberMe: boolean; method: SecondFactor }> {
  const ticketHash = hashTicket(input.mfaTicket);
  const ticket = ctx.loginState.ticket(ticketHash);
  const user = ticket && ctx.users.findById(ticket.user_id);
  // Ticket binding: a ticket finishes only the login it was issued for, by
  // the user who passed the password step: no path may skip or borrow the second factor
  // (OWASP ASVS 5.0 V6.3.3; OWASP Multifactor Authentication Cheat Sheet).
  const bound = ctx.toggles.isOn('mfa.bindTicket');
  const claimed = input.email?.trim().toLowerCase();
  const wrongPath = bound && ticket?.purpose !== input.purpose;
  const wrongUser = bound && claimed !== undefined && claimed !== user?.email;
  if (!ticket || !user || ticket.expires_at <= ctx.clock.nowMs() || wrongPath || wrongUser) {
    if (ticket) ctx.loginState.deleteTicket(ticketHash);
    throw ticketInvalid();
  }
  // Unbound, the code is checked against whichever account the request names,
  // while the login finishes as the ticket's user: another user's ticket works.
  const factorUser = !bound && claimed ? ctx.users.findByEmail(claimed) : user;

  const throttle = new LoginThrottle(ctx);
  const method = ctx.toggles.isOn('mfa.attemptLimit')
    ? await checkCodeWithinBudget(ctx, throttle, ticketHash, ticket.user_id, factorUser, input.code)
    : await checkCodeUnlimited(ctx, ticketHash, factorUser, input.code);
  // Single use: of two parallel requests with one ticket, only the one that deletes it signs in.
  const spent = ctx.db.transaction(() => {
    const deleted = ctx.loginState.deleteTicket(ticketHash);
    if (deleted) throttle.recordMfaSuccess(user.id);
    return deleted;
  })();
  if (!spent) throw ticketInvalid();
  return { user, rememberMe: ticket.remember_me === 1, method };
}
