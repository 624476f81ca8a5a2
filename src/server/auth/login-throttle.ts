import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';

/** Limits on failed logins in one window of the lab clock (OWASP ASVS V6.3.1; SECURITY.md). */
export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  perAccount: 5,
  perIp: 50,
} as const;

type Key = `account:${string}` | `ip:${string}`;

/**
 * Counts only failures, per account and per IP. Throttling per account stops
 * guessing one password; per IP stops one client spraying many accounts.
 * The IP is the socket address: X-Forwarded-For is not trusted.
 */
export class LoginThrottle {
  constructor(private readonly ctx: Pick<LabContext, 'db' | 'clock'>) {}

  /** Throws 429 with a retry time when either key is over its limit. */
  assertAllowed(email: string, ip: string): void {
    const waits = [
      this.waitMs(`account:${email}`, LOGIN_LIMITS.perAccount),
      this.waitMs(`ip:${ip}`, LOGIN_LIMITS.perIp),
    ];
    const wait = Math.max(...waits);
    if (wait > 0) {
      throw new LabError(429, 'rate_limited', 'Too many failed logins. Wait before trying again.', {
        retryAfterSeconds: Math.ceil(wait / 1000),
      });
    }
  }

  recordFailure(email: string, ip: string): void {
    this.bump(`account:${email}`);
    this.bump(`ip:${ip}`);
  }

  /** A successful login clears the account's count (the IP's count keeps its window). */
  recordSuccess(email: string): void {
    this.ctx.db.prepare('DELETE FROM login_failures WHERE key = ?').run(`account:${email}`);
  }

  failures(key: Key): number {
    const row = this.row(key);
    return row && this.ctx.clock.nowMs() - row.window_start < LOGIN_LIMITS.windowMs ? row.count : 0;
  }

  private row(key: Key) {
    return this.ctx.db.prepare('SELECT count, window_start FROM login_failures WHERE key = ?').get(key) as
      { count: number; window_start: number } | undefined;
  }

  private waitMs(key: Key, limit: number): number {
    const row = this.row(key);
    if (!row || row.count < limit) return 0;
    return Math.max(0, row.window_start + LOGIN_LIMITS.windowMs - this.ctx.clock.nowMs());
  }

  private bump(key: Key): void {
    const now = this.ctx.clock.nowMs();
    this.ctx.db
      .prepare(
        `INSERT INTO login_failures (key, count, window_start) VALUES (?, 1, ?)
         ON CONFLICT(key) DO UPDATE SET
           count = CASE WHEN ? - window_start >= ? THEN 1 ELSE count + 1 END,
           window_start = CASE WHEN ? - window_start >= ? THEN ? ELSE window_start END`,
      )
      .run(key, now, now, LOGIN_LIMITS.windowMs, now, LOGIN_LIMITS.windowMs, now);
  }
}
