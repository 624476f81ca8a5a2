import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

/** RFC 6238 parameters: SHA-1, 6 digits, 30 s steps, ±1 step of clock drift (SECURITY.md, MFA). */
export const TOTP_PERIOD_S = 30;
export const TOTP_DRIFT_STEPS = 1;
export const TOTP_DIGITS = 6;
export const TOTP_ALGORITHM = 'sha1';
/** The issuer an authenticator app shows next to the account name. */
export const TOTP_ISSUER = 'Auth Lab';
/** 20 bytes = 160 bits, the secret length RFC 4226 §4 (R6) recommends. */
export const TOTP_SECRET_BYTES = 20;

/** The RFC 6238 time step (counter) at a time in epoch seconds. */
export const totpStep = (epochSeconds: number) => Math.floor(epochSeconds / TOTP_PERIOD_S);

/** A fresh base32 TOTP secret of 160 random bits. */
export const newTotpSecret = () => generateSecret({ length: TOTP_SECRET_BYTES });

/** The code of a time, with the lab's configuration (digits can be raised for the RFC's 8-digit vectors). */
export function totpCode(secret: string | Uint8Array, epochSeconds: number, digits: 6 | 8 = TOTP_DIGITS): string {
  return generateSync({ secret, epoch: epochSeconds, period: TOTP_PERIOD_S, digits, algorithm: TOTP_ALGORITHM });
}

/** An RFC 4226 HOTP code for a counter, same hash and digits. */
export function hotpCode(secret: string | Uint8Array, counter: number, digits: 6 | 8 = TOTP_DIGITS): string {
  return generateSync({ strategy: 'hotp', secret, counter, digits, algorithm: TOTP_ALGORITHM });
}

/** The otpauth:// URL an authenticator app reads from the QR code (Key Uri Format). */
export function otpauthUrl(email: string, secret: string): string {
  return generateURI({
    issuer: TOTP_ISSUER,
    label: email,
    secret,
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_S,
  });
}

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
  if (afterStep !== null && afterStep >= totpStep(epochSeconds) + TOTP_DRIFT_STEPS) return null;
  const result = verifySync({
    secret,
    token: code,
    epoch: epochSeconds,
    period: TOTP_PERIOD_S,
    digits: TOTP_DIGITS,
    algorithm: TOTP_ALGORITHM,
    epochTolerance: TOTP_DRIFT_STEPS * TOTP_PERIOD_S,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  if (!result.valid) return null;
  // otplib reports the matched step for TOTP; derive it from the drift if a version does not.
  const matched = 'timeStep' in result ? (result.timeStep as number) : totpStep(epochSeconds) + result.delta;
  return matched;
}
