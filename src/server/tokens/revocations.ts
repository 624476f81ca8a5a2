import type { LabContext } from '../core/context';

/**
 * The access-token denylist: a logged-out token's jti stays here only until
 * the token would have expired anyway, so the list sweeps itself and never
 * grows past the live tokens (SECURITY.md, JWT: "a jti denylist until exp").
 */
export class TokenRevocations {
  constructor(private readonly ctx: LabContext) {}

  deny(jti: string, expiresAtSeconds: number): void {
    this.sweep();
    this.ctx.db
      .prepare('INSERT INTO jwt_denylist (jti, expires_at) VALUES (?, ?) ON CONFLICT(jti) DO NOTHING')
      .run(jti, expiresAtSeconds * 1000);
  }

  isDenied(jti: string): boolean {
    this.sweep();
    return this.ctx.db.prepare('SELECT 1 FROM jwt_denylist WHERE jti = ?').get(jti) !== undefined;
  }

  size(): number {
    this.sweep();
    return (this.ctx.db.prepare('SELECT COUNT(*) AS n FROM jwt_denylist').get() as { n: number }).n;
  }

  /** Entries past their token's exp (plus the leeway) can go: the token is dead by its own clock. */
  private sweep(): void {
    this.ctx.db.prepare('DELETE FROM jwt_denylist WHERE expires_at + 60000 <= ?').run(this.ctx.clock.nowMs());
  }

  /** Logout-all: one bump of the user's token version ends every token issued before it. */
  bumpTokenVersion(userId: number): number {
    return this.ctx.db.transaction(() => {
      this.ctx.db.prepare('UPDATE users SET token_version = token_version + 1 WHERE id = ?').run(userId);
      this.ctx.db
        .prepare(
          "UPDATE jwt_refresh_families SET revoked_at = ?, revoked_reason = 'logout_all' WHERE user_id = ? AND revoked_at IS NULL",
        )
        .run(this.ctx.clock.nowMs(), userId);
      return (this.ctx.db.prepare('SELECT token_version AS v FROM users WHERE id = ?').get(userId) as { v: number }).v;
    })();
  }
}
