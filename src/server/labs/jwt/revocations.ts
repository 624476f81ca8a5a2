import type { LabContext } from '../../core/context';
import { RowCache } from '../../db/row-cache';

/** Deny-list rows outlive their token's exp by the verification leeway, then a sweep removes them. */
const LEEWAY_MS = 60_000;

/**
 * The access-token denylist: a logged-out token's jti stays here only until
 * the token would have expired anyway, so the list never grows past the live
 * tokens (SECURITY.md, JWT: "a jti denylist until exp"). Rows past that are
 * deleted by the lab's sweeper, not by the requests that read the list.
 */
export class TokenRevocations {
  private readonly statements;
  /** Answers of isDenied, kept while the database is unchanged (a logout writes, so it empties this at once). */
  private readonly answers: RowCache<string, boolean>;

  constructor(private readonly ctx: LabContext) {
    const db = ctx.db;
    this.answers = new RowCache(db);
    this.statements = {
      deny: db.prepare('INSERT INTO jwt_denylist (jti, expires_at) VALUES (?, ?) ON CONFLICT(jti) DO NOTHING'),
      isDenied: db.prepare('SELECT 1 FROM jwt_denylist WHERE jti = ?'),
      size: db.prepare('SELECT COUNT(*) AS n FROM jwt_denylist WHERE expires_at + ? > ?'),
      sweep: db.prepare('DELETE FROM jwt_denylist WHERE expires_at + ? <= ?'),
      clear: db.prepare('DELETE FROM jwt_denylist'),
      bumpVersion: db.prepare('UPDATE users SET token_version = token_version + 1 WHERE id = ?'),
      revokeFamilies: db.prepare(
        "UPDATE jwt_refresh_families SET revoked_at = ?, revoked_reason = 'logout_all' WHERE user_id = ? AND revoked_at IS NULL",
      ),
      version: db.prepare('SELECT token_version AS v FROM users WHERE id = ?'),
    };
  }

  deny(jti: string, expiresAtSeconds: number): void {
    this.statements.deny.run(jti, expiresAtSeconds * 1000);
  }

  /** On the path of every bearer request: one indexed lookup, or none while nothing was written since. */
  isDenied(jti: string): boolean {
    return this.answers.get(jti, this.readDenied);
  }

  private readonly readDenied = (jti: string): boolean => this.statements.isDenied.get(jti) !== undefined;

  /** Rows whose token could still be presented. */
  size(): number {
    return (this.statements.size.get(LEEWAY_MS, this.ctx.clock.nowMs()) as { n: number }).n;
  }

  /** Entries past their token's exp (plus the leeway) can go: the token is dead by its own clock. */
  sweep(): number {
    return this.statements.sweep.run(LEEWAY_MS, this.ctx.clock.nowMs()).changes;
  }

  clear(): void {
    this.statements.clear.run();
  }

  /** Logout-all: one bump of the user's token version ends every token issued before it. */
  bumpTokenVersion(userId: number): number {
    return this.ctx.db.transaction(() => {
      this.statements.bumpVersion.run(userId);
      this.statements.revokeFamilies.run(this.ctx.clock.nowMs(), userId);
      return (this.statements.version.get(userId) as { v: number }).v;
    })();
  }
}
