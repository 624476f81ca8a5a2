import type { LabContext } from '../../core/context';

/**
 * Pending enrollments and step-up marks: the MFA lab's own tables, with
 * statements prepared once. A TOTP seed is sealed by the vault: with the seed
 * in clear, a copy of the database would make valid codes.
 */
export class MfaRepository {
  private readonly s;

  constructor(private readonly ctx: Pick<LabContext, 'db' | 'clock' | 'vault'>) {
    const db = ctx.db;
    this.s = {
      pending: db.prepare('SELECT secret, created_at FROM mfa_enrollments WHERE user_id = ?'),
      putPending: db.prepare(
        `INSERT INTO mfa_enrollments (user_id, secret, created_at) VALUES (?, ?, ?)
         ON CONFLICT(user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at`,
      ),
      dropPending: db.prepare('DELETE FROM mfa_enrollments WHERE user_id = ?'),
      enable: db.prepare('UPDATE users SET totp_secret = ?, mfa_enabled = 1 WHERE id = ?'),
      disable: db.prepare('UPDATE users SET totp_secret = NULL, mfa_enabled = 0 WHERE id = ?'),
      stepUp: db.prepare(
        `INSERT INTO mfa_step_ups (subject, user_id, authenticated_at) VALUES (?, ?, ?)
         ON CONFLICT(subject) DO UPDATE SET authenticated_at = excluded.authenticated_at`,
      ),
      lastStepUp: db.prepare('SELECT authenticated_at AS at FROM mfa_step_ups WHERE subject = ? AND user_id = ?'),
      sweepStepUps: db.prepare('DELETE FROM mfa_step_ups WHERE authenticated_at <= ?'),
      sweepPending: db.prepare('DELETE FROM mfa_enrollments WHERE created_at <= ?'),
    };
  }

  pendingSecret(userId: number): { secret: string; createdAt: number } | undefined {
    const row = this.s.pending.get(userId) as { secret: string; created_at: number } | undefined;
    return row && { secret: this.ctx.vault.open(row.secret), createdAt: row.created_at };
  }

  putPendingSecret(userId: number, secret: string): void {
    this.s.putPending.run(userId, this.ctx.vault.seal(secret), this.ctx.clock.nowMs());
  }

  /** The pending secret becomes the user's (the step that confirmed it was spent when it was checked). */
  enable(userId: number, secret: string): void {
    this.ctx.db.transaction(() => {
      this.s.enable.run(this.ctx.vault.seal(secret), userId);
      this.s.dropPending.run(userId);
    })();
  }

  disable(userId: number): void {
    this.ctx.db.transaction(() => {
      this.s.disable.run(userId);
      this.s.dropPending.run(userId);
    })();
  }

  markStepUp(subject: string, userId: number): number {
    const now = this.ctx.clock.nowMs();
    this.s.stepUp.run(subject, userId, now);
    return now;
  }

  lastStepUp(subject: string, userId: number): number | null {
    return (this.s.lastStepUp.get(subject, userId) as { at: number } | undefined)?.at ?? null;
  }

  /** Deletes stale step-ups and abandoned enrollments (the login core sweeps its own tickets). */
  sweep(stepUpWindowMs: number, enrollmentTtlMs: number): void {
    const now = this.ctx.clock.nowMs();
    this.s.sweepStepUps.run(now - stepUpWindowMs);
    this.s.sweepPending.run(now - enrollmentTtlMs);
  }

  clear(): void {
    this.ctx.db.exec('DELETE FROM mfa_step_ups; DELETE FROM mfa_enrollments;');
  }
}
