import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';

/** Limits on failed logins in one window of the lab clock (OWASP ASVS V6.3.1; SECURITY.md). */
export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  perAccount: 5,
  perIp: 50,
  /** Wrong second-factor codes per account, across every pending login (RFC 6238 §5.2: limit attempts). */
  mfaPerAccount: 10,
} as const;

type Key = `account:${string}` | `ip:${string}` | `mfa:${number}`;

/**
 * Counts failures per account and per IP. Throttling per account stops
 * guessing one password; per IP stops one client spraying many accounts.
 * The IP is the socket address: X-Forwarded-For is not trusted.
 *
 * An attempt is *reserved* before the slow password check and given back if
 * it succeeds. Checking first and counting after would let a burst of
 * parallel guesses all pass the check while bcrypt runs.
 */
export class LoginThrottle {
  constructor(private readonly ctx: Pick<LabContext, 'db' | 'clock' | 'loginState'>) {}

  /** Throws 429 when either key is at its limit; otherwise counts this attempt as a failure until told otherwise. */
  reserveAttempt(email: string, ip: string): void {
    // better-sqlite3 is synchronous, so check-and-count cannot interleave with another request.
    this.ctx.db.transaction(() => {
      this.assertUnder([`account:${email}`, LOGIN_LIMITS.perAccount], [`ip:${ip}`, LOGIN_LIMITS.perIp]);
      this.bump(`account:${email}`);
      this.bump(`ip:${ip}`);
    })();
  }

  /** The password was right: forget the account's failures and give the IP its attempt back. */
  recordSuccess(email: string, ip: string): void {
    this.ctx.loginState.deleteFailures(`account:${email}`);
    this.ctx.loginState.giveBackFailure(`ip:${ip}`);
  }

  /** Second factor: throws 429 when the account has had too many wrong codes lately. */
  assertMfaAllowed(userId: number): void {
    this.assertUnder([`mfa:${userId}`, LOGIN_LIMITS.mfaPerAccount]);
  }

  recordMfaFailure(userId: number): void {
    this.bump(`mfa:${userId}`);
  }

  recordMfaSuccess(userId: number): void {
    this.ctx.loginState.deleteFailures(`mfa:${userId}`);
  }

  failures(key: Key): number {
    const row = this.row(key);
    return row && this.ctx.clock.nowMs() - row.window_start < LOGIN_LIMITS.windowMs ? row.count : 0;
  }

  private assertUnder(...limits: Array<[Key, number]>): void {
    const wait = Math.max(...limits.map(([key, limit]) => this.waitMs(key, limit)));
    if (wait > 0) {
      throw new LabError(429, 'rate_limited', 'Too many failed attempts. Wait before trying again.', {
        retryAfterSeconds: Math.ceil(wait / 1000),
      });
    }
  }

  private row(key: Key) {
    return this.ctx.loginState.failures(key);
  }

  private waitMs(key: Key, limit: number): number {
    const row = this.row(key);
    if (!row || row.count < limit) return 0;
    return Math.max(0, row.window_start + LOGIN_LIMITS.windowMs - this.ctx.clock.nowMs());
  }

  private bump(key: Key): void {
    this.ctx.loginState.bumpFailures(key, this.ctx.clock.nowMs(), LOGIN_LIMITS.windowMs);
  }
}
