import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';

/** Limits on failed logins in one window of the lab clock (OWASP ASVS 5.0 V6.3.1; SECURITY.md). */
export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  /** Failures per account from one client address: the budget that stops one guesser. */
  perAccount: 5,
  perIp: 50,
  /** Failures per account from every address together, past which addresses new to the account are slowed. */
  accountWideSlowAfter: 20,
  /**
   * The wait between attempts once past it, doubling with every further
   * failure up to a whole window: about ten more guesses per window, spread
   * over any number of addresses, instead of a wait a botnet shrugs off.
   */
  accountWideFirstWaitMs: 1_000,
  accountWideMostWaitMs: 15 * 60_000,
  /** A successful sign-in makes its address known to the account for this long: it is never slowed. */
  knownSourceMs: 30 * 24 * 3_600_000,
  /** Wrong second-factor codes per account, across every pending login (RFC 6238 §5.2: limit attempts). */
  mfaPerAccount: 10,
} as const;

type Key = `account:${string}` | `account-ip:${string}` | `ip:${string}` | `mfa:${number}`;

/** The strict counter: one account, from one client address. */
export const accountFromIpKey = (email: string, ip: string) => `account-ip:${email}|${ip}` as const;

/** The limit a counter key is held to, by its prefix (the lab's counters view shows it). */
export function limitOfKey(key: string): number | null {
  if (key.startsWith('account-ip:')) return LOGIN_LIMITS.perAccount;
  if (key.startsWith('account:')) return LOGIN_LIMITS.accountWideSlowAfter;
  if (key.startsWith('ip:')) return LOGIN_LIMITS.perIp;
  if (key.startsWith('mfa:')) return LOGIN_LIMITS.mfaPerAccount;
  return null;
}

/** A wait as a person reads it: "15 minutes", "42 seconds". */
export function waitInWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** How long a caller waits when the limit is full only of attempts still being checked (bcrypt takes well under this). */
export const IN_FLIGHT_RETRY_SECONDS = 2;

/**
 * Attempts reserved and not yet settled, per key, per lab. In memory: they
 * live as long as one password check, and a restart settles them all.
 */
const inFlightByLab = new WeakMap<object, Map<string, number>>();

/**
 * Why not @fastify/rate-limit here: it counts every request before the
 * handler runs and has no way to give a request back, while this limit counts
 * only *failed* logins (a user who types the right password is never slowed
 * down) and must hold the attempt while bcrypt runs. The general per-IP limit
 * does use it (origins/app/plugins/rate-limit.ts); the lab's counters view
 * (/api/lab/ratelimit/counters) shows both.
 *
 * Three counters per failed login. Per account *and client address*: 5
 * failures stop one guesser, but a stranger's failures never lock the owner
 * out of their own address (ASVS 5.0 V6.1.1: prevent malicious account
 * lockout). Per IP: 50 stop one client spraying many accounts. Per account
 * from everywhere: past 20, guesses spread over many addresses are slowed
 * (a wait that doubles per failure, up to a minute) instead of refused for
 * the whole window, and an address that signed in to the account before is
 * not slowed at all. The IP is `request.ip`: the socket address, unless a
 * proxy configured with --trust-proxy sent the request (core/client-address.ts).
 *
 * An attempt is *reserved* before the slow password check and given back if
 * it succeeds. Checking first and counting after would let a burst of
 * parallel guesses all pass the check while bcrypt runs.
 */
export class LoginThrottle {
  constructor(private readonly ctx: Pick<LabContext, 'db' | 'clock' | 'loginState' | 'toggles'>) {}

  /** Attempts being checked right now, per counter key (the lab's counters view). */
  static inFlightOf(ctx: Pick<LabContext, 'loginState'>): ReadonlyMap<string, number> {
    return inFlightByLab.get(ctx.loginState) ?? new Map();
  }

  /**
   * One password check under the limit: reserves the attempt, runs `verify`,
   * and settles it: a right password gives the attempt back, a wrong one
   * stays counted, and a check that could not run (the hashing queue was
   * full) is given back too. Throws 429 when a counter is at its limit.
   */
  async attempt(email: string, ip: string, verify: () => Promise<boolean>): Promise<boolean> {
    // Without a failed-login limit a guesser simply tries the next word (ASVS 5.0 V6.3.1).
    if (!this.ctx.toggles.isOn('ratelimit.login')) return verify();
    const keys = this.keysOf(email, ip);
    this.reserveAttempt(email, ip, keys);
    let ok: boolean;
    try {
      ok = await verify();
    } catch (error) {
      this.ctx.db.transaction(() => keys.forEach((key) => this.ctx.loginState.giveBackFailures(key, 1)))();
      throw error;
    } finally {
      for (const key of keys) this.moveInFlight(key, -1);
    }
    if (ok) this.recordSuccess(email, ip);
    return ok;
  }

  private keysOf(email: string, ip: string): Key[] {
    return [accountFromIpKey(email, ip), `account:${email}`, `ip:${ip}`];
  }

  private reserveAttempt(email: string, ip: string, keys: Key[]): void {
    // better-sqlite3 is synchronous, so check-and-count cannot interleave with another request.
    this.ctx.db.transaction(() => {
      this.assertUnder([accountFromIpKey(email, ip), LOGIN_LIMITS.perAccount], [`ip:${ip}`, LOGIN_LIMITS.perIp]);
      this.assertNotSlowed(email, ip);
      for (const key of keys) this.bump(key);
    })();
    for (const key of keys) this.moveInFlight(key, 1);
  }

  /**
   * The account-wide ceiling: past it, an address the account does not know
   * waits between attempts, longer with every failure, so guesses spread over
   * many addresses stay few (about ten past the ceiling per window); the
   * owner's own address is never held up.
   */
  private assertNotSlowed(email: string, ip: string): void {
    const now = this.ctx.clock.nowMs();
    const row = this.row(`account:${email}`);
    if (!row || row.count < LOGIN_LIMITS.accountWideSlowAfter) return;
    if (this.ctx.loginState.isKnownSource(email, ip, now - LOGIN_LIMITS.knownSourceMs, now)) return;
    const over = row.count - LOGIN_LIMITS.accountWideSlowAfter;
    const spacing = Math.min(LOGIN_LIMITS.accountWideMostWaitMs, LOGIN_LIMITS.accountWideFirstWaitMs * 2 ** over);
    const waitMs = (row.last_at ?? row.window_start) + spacing - now;
    if (waitMs <= 0) return;
    const seconds = Math.ceil(waitMs / 1000);
    throw new LabError(
      429,
      'login_slowed',
      `This account has had many failed sign-ins, so sign-ins from addresses it does not know are slowed. Try again in ${waitInWords(seconds)}.`,
      { retryAfterSeconds: seconds, limit: LOGIN_LIMITS.accountWideSlowAfter, limitedBy: 'account' },
    );
  }

  private get inFlight(): Map<string, number> {
    let map = inFlightByLab.get(this.ctx.loginState);
    if (!map) inFlightByLab.set(this.ctx.loginState, (map = new Map()));
    return map;
  }

  private moveInFlight(key: Key, by: number): void {
    const n = (this.inFlight.get(key) ?? 0) + by;
    if (n > 0) this.inFlight.set(key, n);
    else this.inFlight.delete(key);
  }

  /**
   * The password was right: forget this address's failures on the account,
   * give the attempt back to the account-wide and IP counters, and remember
   * the address as one the owner signs in from.
   */
  recordSuccess(email: string, ip: string): void {
    this.ctx.db.transaction(() => {
      this.ctx.loginState.deleteFailures(accountFromIpKey(email, ip));
      this.ctx.loginState.giveBackFailure(`account:${email}`);
      this.ctx.loginState.giveBackFailure(`ip:${ip}`);
      this.ctx.loginState.rememberSource(email, ip, this.ctx.clock.nowMs());
    })();
  }

  /** A password reset frees the account: every counter of it, from every address. */
  forgetAccount(email: string): void {
    this.ctx.loginState.deleteAccountFailures(email);
  }

  /**
   * One second-factor check under the account's budget of wrong codes,
   * reserved before `check` runs and kept if the code was wrong, as attempt()
   * does for passwords: checked first and counted after, 30 parallel guesses
   * would all pass the check while slow recovery-code compares run (ASVS 5.0
   * V6.3.1). `reserveAlso` (a ticket's own budget) is reserved in the same
   * transaction, so either both are taken or neither. `check` answers what
   * matched, or null for a wrong code.
   */
  async mfaAttempt<T>(userId: number, check: () => Promise<T | null>, reserveAlso?: () => void): Promise<T | null> {
    const key = `mfa:${userId}` as const;
    this.ctx.db.transaction(() => {
      reserveAlso?.();
      this.assertUnder([key, LOGIN_LIMITS.mfaPerAccount]);
      this.bump(key);
    })();
    this.moveInFlight(key, 1);
    try {
      const matched = await check();
      if (matched !== null) this.ctx.loginState.giveBackFailure(key);
      return matched;
    } finally {
      this.moveInFlight(key, -1);
    }
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
    return this.row(key)?.count ?? 0;
  }

  private assertUnder(...limits: Array<[Key, number]>): void {
    const waits = limits.map(([key, limit]) => ({ key, limit, ms: this.waitMs(key, limit) }));
    const longest = waits.reduce((a, b) => (b.ms > a.ms ? b : a));
    if (longest.ms > 0) {
      const seconds = Math.ceil(longest.ms / 1000);
      // A throttle that says when to come back, not a lockout an attacker can trigger forever (ASVS 5.0 V6.3.1).
      throw new LabError(429, 'rate_limited', `Too many failed attempts. Try again in ${waitInWords(seconds)}.`, {
        retryAfterSeconds: seconds,
        limit: longest.limit,
        limitedBy: longest.key.split(':')[0],
      });
    }
    // Full only of attempts still being checked (parallel logins, none failed yet): parallel
    // guesses must not race past the limit, but a real user is not told of failures that did
    // not happen, nor made to wait out a whole window (ASVS 5.0 V6.3.1).
    const busy = limits.find(([key, limit]) => this.failures(key) >= limit && this.inFlight.has(key));
    if (busy) {
      throw new LabError(
        429,
        'attempts_in_progress',
        `Other sign-in attempts ${busy[0].startsWith('ip:') ? 'from this address' : 'for this account from this address'} are still being checked. Retry in ${IN_FLIGHT_RETRY_SECONDS} seconds.`,
        { retryAfterSeconds: IN_FLIGHT_RETRY_SECONDS, limit: busy[1], limitedBy: busy[0].split(':')[0] },
      );
    }
  }

  /** The key's counter while its window is open on the lab clock (LoginStateRepository decides). */
  private row(key: Key) {
    return this.ctx.loginState.failures(key, this.ctx.clock.nowMs(), LOGIN_LIMITS.windowMs);
  }

  /** How long until real failures (not attempts still being checked) drop below the limit. */
  private waitMs(key: Key, limit: number): number {
    const row = this.row(key);
    if (!row) return 0;
    if (row.count - (this.inFlight.get(key) ?? 0) < limit) return 0;
    return Math.max(0, row.window_start + LOGIN_LIMITS.windowMs - this.ctx.clock.nowMs());
  }

  private bump(key: Key): void {
    this.ctx.loginState.bumpFailures(key, this.ctx.clock.nowMs(), LOGIN_LIMITS.windowMs);
  }
}
