import { createHash, timingSafeEqual } from 'node:crypto';
import { normalizePassword } from './password-policy';

/**
 * The vulnerable storage of the `password.hashing` toggle: one fast, unsalted
 * SHA-256 of the password, in hex, behind a scheme marker so verification
 * knows which format a row holds. This is what NOT to do: a GPU computes
 * billions of these a second, and equal passwords get equal hashes (OWASP
 * Password Storage Cheat Sheet; ASVS 5.0 V6.2 / V11.4.2; NIST SP 800-63B §3.1.1.2).
 */
export const WEAK_SCHEME_PREFIX = 'sha256$';

export type PasswordScheme = 'bcrypt' | 'sha256';

export function weakPasswordHash(password: string): string {
  return WEAK_SCHEME_PREFIX + createHash('sha256').update(normalizePassword(password), 'utf8').digest('hex');
}

export function schemeOf(stored: string): PasswordScheme {
  return stored.startsWith(WEAK_SCHEME_PREFIX) ? 'sha256' : 'bcrypt';
}

/** Compares a password with a weak stored hash (constant time, so only the storage is weak). */
export function verifyWeakPasswordHash(password: string, stored: string): boolean {
  const expected = Buffer.from(stored, 'utf8');
  const actual = Buffer.from(weakPasswordHash(password), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
