import type { LabContext } from '../../core/context';

export interface ResetRow {
  userId: number;
  expiresAt: number;
  usedAt: number | null;
}

/** Reset links and the password writes they lead to, with statements prepared once. */
export class PasswordResetRepository {
  private readonly s;

  constructor(private readonly ctx: Pick<LabContext, 'db' | 'clock'>) {
    const db = ctx.db;
    this.s = {
      insert: db.prepare(
        'INSERT INTO password_resets (token_key, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ),
      find: db.prepare('SELECT user_id, expires_at, used_at FROM password_resets WHERE token_key = ?'),
      // Spending is one conditional UPDATE: of two parallel resets with one link, only one changes a row.
      spend: db.prepare('UPDATE password_resets SET used_at = ? WHERE token_key = ? AND used_at IS NULL'),
      dropOthers: db.prepare('DELETE FROM password_resets WHERE user_id = ? AND token_key <> ?'),
      // A new token_version ends every access and refresh token of the user (the JWT lab checks it).
      setPassword: db.prepare('UPDATE users SET password_hash = ?, token_version = token_version + 1 WHERE id = ?'),
      stored: db.prepare(
        `SELECT r.token_key, u.email, r.expires_at, r.used_at FROM password_resets r
         JOIN users u ON u.id = r.user_id ORDER BY r.created_at DESC LIMIT 20`,
      ),
      sweep: db.prepare('DELETE FROM password_resets WHERE expires_at <= ?'),
      clear: db.prepare('DELETE FROM password_resets'),
    };
  }

  insert(tokenKey: string, userId: number, ttlMs: number): void {
    const now = this.ctx.clock.nowMs();
    this.s.insert.run(tokenKey, userId, now, now + ttlMs);
  }

  find(tokenKey: string): ResetRow | undefined {
    const row = this.s.find.get(tokenKey) as
      { user_id: number; expires_at: number; used_at: number | null } | undefined;
    return row && { userId: row.user_id, expiresAt: row.expires_at, usedAt: row.used_at };
  }

  /** Marks the link spent; false when another request already spent it. */
  spend(tokenKey: string): boolean {
    return this.s.spend.run(this.ctx.clock.nowMs(), tokenKey).changes === 1;
  }

  /** Other links of the user die with a successful reset. */
  dropOthers(userId: number, tokenKey: string): void {
    this.s.dropOthers.run(userId, tokenKey);
  }

  setPassword(userId: number, passwordHash: string): void {
    this.s.setPassword.run(passwordHash, userId);
  }

  /** The newest rows exactly as stored: what a leaked copy of the database shows. */
  stored(): Array<{ tokenKey: string; email: string; expiresAt: number; usedAt: number | null }> {
    const rows = this.s.stored.all() as Array<{
      token_key: string;
      email: string;
      expires_at: number;
      used_at: number | null;
    }>;
    return rows.map((r) => ({ tokenKey: r.token_key, email: r.email, expiresAt: r.expires_at, usedAt: r.used_at }));
  }

  sweep(): void {
    this.s.sweep.run(this.ctx.clock.nowMs());
  }

  clear(): void {
    this.s.clear.run();
  }
}
