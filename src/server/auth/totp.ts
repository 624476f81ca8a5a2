import { verifySync } from 'otplib';

/** RFC 6238 parameters: SHA-1, 6 digits, 30 s steps, ±1 step of clock drift (SECURITY.md, MFA). */
export const TOTP_PERIOD_S = 30;
export const TOTP_DRIFT_STEPS = 1;

/**
 * Checks a TOTP code at the lab clock's time. Returns the time step it
 * matched, or null. `afterStep` is the last step this user already spent:
 * an accepted code cannot be replayed, even inside its 30 s window (RFC 6238 §5.2).
 */
export function verifyTotp(
  secret: string,
  code: string,
  epochSeconds: number,
  afterStep: number | null,
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  // Every step this code could match was already spent (e.g. the lab clock went back to real time).
  if (afterStep !== null && afterStep >= Math.floor(epochSeconds / TOTP_PERIOD_S) + TOTP_DRIFT_STEPS) return null;
  const result = verifySync({
    secret,
    token: code,
    epoch: epochSeconds,
    period: TOTP_PERIOD_S,
    epochTolerance: TOTP_DRIFT_STEPS * TOTP_PERIOD_S,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  if (!result.valid) return null;
  // otplib reports the matched step for TOTP; derive it from the drift if a version does not.
  const matched =
    'timeStep' in result ? (result.timeStep as number) : Math.floor(epochSeconds / TOTP_PERIOD_S) + result.delta;
  return matched;
}
