import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';
import { checkPassword } from '../crypto/password-policy';
import { schemeOf, weakPasswordHash } from '../crypto/weak-password-hash';
import type { UserRow } from '../db/users';

/**
 * The password policy's verdict on a new password (register, reset, change):
 * a 400 weak_password listing every reason, or nothing (NIST SP 800-63B
 * Rev. 4 §3.1.1.2; the deny list follows `accounts.passwordDenyList`).
 */
export function assertAcceptablePassword(
  ctx: Pick<LabContext, 'denyList' | 'toggles'>,
  password: string,
  email: string,
): void {
  const problems = checkPassword(password, {
    denyList: ctx.denyList,
    useDenyList: ctx.toggles.isOn('accounts.passwordDenyList'),
    email,
  });
  if (problems.length) {
    throw new LabError(400, 'weak_password', problems.map((p) => p.message).join(' '), { reasons: problems });
  }
}

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

/**
 * After a right password: a hash stored while `password.hashing` was off is
 * re-hashed with bcrypt now that it is on, the only moment the server holds
 * the password (OWASP Password Storage Cheat Sheet, "upgrading legacy hashes").
 */
export async function upgradeWeakHash(
  ctx: Pick<LabContext, 'hasher' | 'toggles' | 'users'>,
  user: UserRow,
  password: string,
): Promise<void> {
  if (schemeOf(user.passwordHash) !== 'sha256' || !ctx.toggles.isOn('password.hashing')) return;
  ctx.users.upgradePasswordHash(user.id, user.passwordHash, await ctx.hasher.hash(password));
}
