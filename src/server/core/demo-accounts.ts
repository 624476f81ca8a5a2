import { generateSecret } from 'otplib';
import type { Role } from '../../common/api';
import { randomDemoPassword } from '../crypto/random';
import type { LabContext } from './context';

const DEMO_ACCOUNTS: Array<{ email: string; role: Role; mfa: boolean }> = [
  { email: 'user@authlab.test', role: 'user', mfa: false },
  { email: 'admin@authlab.test', role: 'admin', mfa: false },
  { email: 'mfa@authlab.test', role: 'user', mfa: true },
];

/**
 * Creates the demo accounts the first time a data dir is used. Passwords are
 * random per data dir (never constants in the code) and the MFA account gets
 * a fresh 160-bit TOTP secret (RFC 4226 §4 recommends 160 bits).
 */
export async function seedDemoAccounts(ctx: Pick<LabContext, 'users' | 'hasher' | 'clock' | 'db'>): Promise<void> {
  if (ctx.users.demoAccounts().length > 0) return;
  const prepared = await Promise.all(
    DEMO_ACCOUNTS.map(async (account) => {
      const password = randomDemoPassword();
      return { ...account, password, passwordHash: await ctx.hasher.hash(password) };
    }),
  );
  ctx.db.transaction(() => {
    for (const account of prepared) {
      const user = ctx.users.create({
        email: account.email,
        passwordHash: account.passwordHash,
        role: account.role,
        totpSecret: account.mfa ? generateSecret() : null,
        mfaEnabled: account.mfa,
        createdAt: ctx.clock.nowMs(),
      });
      if (user) ctx.users.addDemoAccount(user.id, account.password);
    }
  })();
}
