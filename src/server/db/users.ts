import type { Role } from '../../common/api';
import type { Vault } from '../crypto/vault';
import type { LabDatabase } from './open';
import { RowCache } from './row-cache';

export interface UserRow {
  id: number;
  email: string;
  passwordHash: string;
  role: Role;
  displayName: string | null;
  totpSecret: string | null;
  mfaEnabled: boolean;
  tokenVersion: number;
  createdAt: number;
}

interface RawUser {
  id: number;
  email: string;
  password_hash: string;
  role: Role;
  display_name: string | null;
  totp_secret: string | null;
  mfa_enabled: number;
  token_version: number;
  created_at: number;
}

const fromRow = (r: RawUser, vault: Vault): UserRow => ({
  id: r.id,
  email: r.email,
  passwordHash: r.password_hash,
  role: r.role,
  displayName: r.display_name,
  totpSecret: r.totp_secret === null ? null : vault.open(r.totp_secret),
  mfaEnabled: r.mfa_enabled === 1,
  tokenVersion: r.token_version,
  createdAt: r.created_at,
});

export interface NewUser {
  email: string;
  passwordHash: string;
  role: Role;
  totpSecret?: string | null;
  mfaEnabled?: boolean;
  createdAt: number;
}

/**
 * The users table. Every statement is prepared once, when the repository is
 * made. TOTP seeds and the demo passwords the lab shows must be read back, so
 * they are sealed by the vault, never stored in clear.
 */
export class UsersRepository {
  private readonly statements;
  /** findById runs on every signed-in request (session, bearer token): rows are kept while the database is unchanged. */
  private readonly byIdCache: RowCache<number, UserRow | undefined>;

  constructor(
    db: LabDatabase,
    private readonly vault: Vault,
  ) {
    this.byIdCache = new RowCache(db);
    this.statements = {
      byEmail: db.prepare('SELECT * FROM users WHERE email = ?'),
      byId: db.prepare('SELECT * FROM users WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO users (email, password_hash, role, totp_secret, mfa_enabled, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(email) DO NOTHING`,
      ),
      lastTotpStep: db.prepare('SELECT MAX(step) AS step FROM totp_spent_steps WHERE user_id = ? AND step <= ?'),
      spendTotpStep: db.prepare('INSERT OR IGNORE INTO totp_spent_steps (user_id, step) VALUES (?, ?)'),
      forgetTotpSteps: db.prepare('DELETE FROM totp_spent_steps'),
      setDisplayName: db.prepare('UPDATE users SET display_name = ? WHERE id = ?'),
      clearDemoDisplayNames: db.prepare(
        'UPDATE users SET display_name = NULL WHERE id IN (SELECT user_id FROM demo_accounts)',
      ),
      count: db.prepare('SELECT COUNT(*) AS n FROM users'),
      addDemo: db.prepare('INSERT INTO demo_accounts (user_id, password) VALUES (?, ?)'),
      demos: db.prepare(
        'SELECT u.*, d.password AS demo_password FROM users u JOIN demo_accounts d ON d.user_id = u.id ORDER BY u.id',
      ),
      upgradePasswordHash: db.prepare('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?'),
      removeUnlessDemo: db.prepare(
        'DELETE FROM users WHERE email = ? AND id NOT IN (SELECT user_id FROM demo_accounts)',
      ),
    };
  }

  findByEmail(email: string): UserRow | undefined {
    const row = this.statements.byEmail.get(email) as RawUser | undefined;
    return row && fromRow(row, this.vault);
  }

  findById(id: number): UserRow | undefined {
    const user = this.byIdCache.get(id, this.readById);
    // A copy each time: no caller can change the kept row for the next one.
    return user && { ...user };
  }

  private readonly readById = (id: number): UserRow | undefined => {
    const row = this.statements.byId.get(id) as RawUser | undefined;
    return row && fromRow(row, this.vault);
  };

  /** Inserts a user; returns undefined when the email is already taken (no exception path for a race). */
  create(user: NewUser): UserRow | undefined {
    const result = this.statements.insert.run(
      user.email,
      user.passwordHash,
      user.role,
      user.totpSecret ? this.vault.seal(user.totpSecret) : null,
      user.mfaEnabled ? 1 : 0,
      user.createdAt,
    );
    return result.changes === 1 ? this.findById(Number(result.lastInsertRowid)) : undefined;
  }

  /**
   * The newest TOTP time step this user has spent up to `latestStep`, read
   * fresh from the table. Steps after it were spent while the lab clock was
   * further ahead: they do not count until the clock reaches them again.
   */
  lastTotpStep(id: number, latestStep: number): number | null {
    return (this.statements.lastTotpStep.get(id, latestStep) as { step: number | null } | undefined)?.step ?? null;
  }

  /** Marks a TOTP step spent; an older step stays spent too. */
  spendTotpStep(id: number, step: number): void {
    this.statements.spendTotpStep.run(id, step);
  }

  /** Forgets every spent TOTP step (Reset lab): codes of the present work again. */
  forgetTotpSteps(): void {
    this.statements.forgetTotpSteps.run();
  }

  setDisplayName(id: number, displayName: string): void {
    this.statements.setDisplayName.run(displayName, id);
  }

  count(): number {
    return (this.statements.count.get() as { n: number }).n;
  }

  addDemoAccount(userId: number, password: string): void {
    this.statements.addDemo.run(userId, this.vault.seal(password));
  }

  /** Lab reset: the demo accounts get their seeded profile back (a CSRF run may have renamed one). */
  restoreDemoProfiles(): void {
    this.statements.clearDemoDisplayNames.run();
  }

  demoAccounts(): Array<UserRow & { password: string }> {
    const rows = this.statements.demos.all() as Array<RawUser & { demo_password: string }>;
    return rows.map((r) => ({ ...fromRow(r, this.vault), password: this.vault.open(r.demo_password) }));
  }

  /** Replaces a password hash with a stronger one of the same password; sessions stay. False if it changed meanwhile. */
  upgradePasswordHash(id: number, from: string, to: string): boolean {
    return this.statements.upgradePasswordHash.run(to, id, from).changes === 1;
  }

  /**
   * Removes an account an attack run made, with everything that hangs off it
   * (sessions, tokens, resets cascade). A demo account is never removed.
   */
  removeUnlessDemo(email: string): boolean {
    return this.statements.removeUnlessDemo.run(email).changes === 1;
  }
}
