import type { LabContext } from '../core/context';
import type { UserRow } from '../db/users';
import { TOTP_DRIFT_STEPS, totpStep, verifyTotp } from './totp';

/**
 * Checks a user's current TOTP code and spends its time step. With
 * `mfa.replayProtection` on, a step already spent is never accepted again,
 * even inside its 30 s window: a code read over a shoulder or from a log is
 * worthless once used (RFC 6238 §5.2; OWASP ASVS 5.0 V6.5.1).
 * Returns the step it matched, or null.
 */
export function acceptTotpCode(
  ctx: Pick<LabContext, 'users' | 'clock' | 'toggles'>,
  user: Pick<UserRow, 'id' | 'totpSecret'>,
  code: string,
  secret = user.totpSecret,
): number | null {
  if (!secret) return null;
  const replayProtection = ctx.toggles.isOn('mfa.replayProtection');
  // Read the spent step now, not from a user loaded before an await: check and
  // spend then run in one synchronous stretch, so two parallel uses of one code
  // cannot both pass.
  const now = ctx.clock.epochSeconds();
  // Only steps up to the newest this code could match count: a step spent while
  // the lab clock was further ahead must not refuse today's codes after the
  // clock went back to real time.
  const spent = replayProtection ? ctx.users.lastTotpStep(user.id, totpStep(now) + TOTP_DRIFT_STEPS) : null;
  const step = verifyTotp(secret, code, now, spent);
  if (step === null) return null;
  ctx.users.spendTotpStep(user.id, step);
  return step;
}
