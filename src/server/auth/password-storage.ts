import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';
import { checkPassword } from '../crypto/password-policy';
import { bcryptCostOf } from '../crypto/password-hasher';
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
 * After a right password, the only moment the server holds it: a hash stored
 * while `password.hashing` was off becomes bcrypt now that it is on, and a
 * bcrypt hash made at another cost is made again at the current one (OWASP
 * Password Storage Cheat Sheet, "upgrading legacy hashes" and "work factors").
 * Otherwise an account keeps its old cost for good, and a failed login's time
 * tells it apart from an unknown email (ASVS 5.0 V6.3.8).
 */
export async function upgradeStoredHash(
  ctx: Pick<LabContext, 'hasher' | 'toggles' | 'users'>,
  user: UserRow,
  password: string,
): Promise<void> {
  const scheme = schemeOf(user.passwordHash);
  const weak = scheme === 'sha256' && ctx.toggles.isOn('password.hashing');
  const otherCost = scheme !== 'sha256' && bcryptCostOf(user.passwordHash) !== ctx.hasher.cost;
  if (!weak && !otherCost) return;
  ctx.users.upgradePasswordHash(user.id, user.passwordHash, await ctx.hasher.hash(password));
}
