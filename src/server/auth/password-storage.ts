import type { LabContext } from '../core/context';
import { weakPasswordHash } from '../crypto/weak-password-hash';

/**
 * The string a new password is stored as (register, reset, change). Secure:
 * bcrypt of the peppered pre-hash, salted and slow, so a copied database
 * gives no password back (ASVS 5.0 V11.4.2). With `password.hashing` off:
 * a fast unsalted SHA-256, for the lab's offline cracking demo. Verification
 * accepts both, so accounts keep working across flips.
 */
export function hashForStorage(ctx: Pick<LabContext, 'hasher' | 'toggles'>, password: string): Promise<string> {
  if (!ctx.toggles.isOn('password.hashing')) return Promise.resolve(weakPasswordHash(password));
  return ctx.hasher.hash(password);
}
