import { createHash } from 'node:crypto';
import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';
import { randomToken } from '../crypto/random';
import type { UserRow } from '../db/users';
import { LoginThrottle } from './login-throttle';
import { verifyTotp } from './totp';

/** A pending MFA login lives 5 minutes and allows 5 wrong codes (SECURITY.md, MFA). */
export const MFA_TICKET_TTL_MS = 5 * 60_000;
export const MFA_MAX_ATTEMPTS = 5;

export type LoginPurpose = 'session' | 'jwt';

export type PasswordLoginResult =
  { kind: 'authenticated'; user: UserRow } | { kind: 'mfa_required'; mfaTicket: string; user: UserRow };

const invalidCredentials = () => new LabError(401, 'invalid_credentials', 'The email or password is wrong.');
const hashTicket = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

/**
 * The first factor, shared by every login route. One answer for every failure
 * (unknown email, wrong password), and the same bcrypt work either way: an
 * unknown email is compared against a dummy hash (OWASP Authentication Cheat
 * Sheet, "authentication and error messages"; ASVS V6.3.8).
 */
export async function checkPasswordLogin(
  ctx: LabContext,
  input: { email: string; password: string; ip: string; purpose: LoginPurpose; rememberMe?: boolean },
): Promise<PasswordLoginResult> {
  const email = input.email.trim().toLowerCase();
  const throttle = new LoginThrottle(ctx);
  throttle.reserveAttempt(email, input.ip);
  const user = ctx.users.findByEmail(email);
  const ok = await ctx.hasher.verify(input.password, user?.passwordHash);
  if (!ok || !user) throw invalidCredentials();
  throttle.recordSuccess(email, input.ip);
  if (!user.mfaEnabled) return { kind: 'authenticated', user };

  // Password alone reaches nothing protected: it buys a short-lived,
  // single-use ticket for the second step (ASVS V6.6).
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

/**
 * The second factor: a TOTP code for a pending ticket of the same purpose.
 * The ticket dies on success, on expiry, and after 5 wrong codes.
 */
export function completeMfaLogin(
  ctx: LabContext,
  input: { mfaTicket: string; code: string; purpose: LoginPurpose },
): { user: UserRow; rememberMe: boolean } {
  const ticketHash = hashTicket(input.mfaTicket);
  const ticket = ctx.loginState.ticket(ticketHash);
  const expired = !ticket || ticket.expires_at <= ctx.clock.nowMs() || ticket.purpose !== input.purpose;
  if (expired) {
    if (ticket) ctx.loginState.deleteTicket(ticketHash);
    throw new LabError(401, 'mfa_ticket_invalid', 'This sign-in has expired. Start again with your password.');
  }
  const user = ctx.users.findById(ticket.user_id);
  // Wrong codes also count per account, across tickets: a fresh password
  // login must not buy five more guesses at the 6-digit code.
  const throttle = new LoginThrottle(ctx);
  throttle.assertMfaAllowed(ticket.user_id);
  const step = user?.totpSecret
    ? verifyTotp(user.totpSecret, input.code, ctx.clock.epochSeconds(), user.lastTotpStep)
    : null;
  if (!user || step === null) {
    throttle.recordMfaFailure(ticket.user_id);
    const attempts = ticket.attempts + 1;
    if (attempts >= MFA_MAX_ATTEMPTS) {
      ctx.loginState.deleteTicket(ticketHash);
      throw new LabError(401, 'mfa_ticket_invalid', 'Too many wrong codes. Start again with your password.');
    }
    ctx.loginState.setTicketAttempts(ticketHash, attempts);
    throw new LabError(401, 'invalid_code', 'That code is not right.', { attemptsLeft: MFA_MAX_ATTEMPTS - attempts });
  }
  ctx.db.transaction(() => {
    ctx.loginState.deleteTicket(ticketHash);
    ctx.users.setLastTotpStep(user.id, step);
    throttle.recordMfaSuccess(user.id);
  })();
  return { user, rememberMe: ticket.remember_me === 1 };
}
