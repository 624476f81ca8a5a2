import type { LabDatabase } from '../db/open';

export interface FailureRow {
  count: number;
  window_start: number;
  /** The newest failure (null on rows counted before it was recorded). */
  last_at: number | null;
}

export interface MfaTicketRow {
  user_id: number;
  purpose: string;
  remember_me: number;
  attempts: number;
  expires_at: number;
}

/**
 * The login core's short-lived rows: pending MFA tickets and failed-login
 * counters. One per lab, on the LabContext; every statement prepared once.
 */
export class LoginStateRepository {
  private readonly statements;

  constructor(db: LabDatabase) {
    this.statements = {
      insertTicket: db.prepare(
        'INSERT INTO mfa_tickets (ticket_hash, user_id, purpose, remember_me, expires_at) VALUES (?, ?, ?, ?, ?)',
      ),
      ticket: db.prepare(
        'SELECT user_id, purpose, remember_me, attempts, expires_at FROM mfa_tickets WHERE ticket_hash = ?',
      ),
      deleteTicket: db.prepare('DELETE FROM mfa_tickets WHERE ticket_hash = ?'),
      deleteTicketsOf: db.prepare('DELETE FROM mfa_tickets WHERE user_id = ?'),
      reserveAttempt: db.prepare(
        'UPDATE mfa_tickets SET attempts = attempts + 1 WHERE ticket_hash = ? AND attempts < ? RETURNING attempts',
      ),
      countWrongCode: db.prepare(
        'UPDATE mfa_tickets SET attempts = attempts + 1 WHERE ticket_hash = ? RETURNING attempts',
      ),
      // A window is open from its start until windowMs later. One that starts after now (the lab
      // clock was moved back) is over too, or moving the clock back would lock an account for as
      // long as the clock had been moved forward.
      failures: db.prepare(
        'SELECT count, window_start, last_at FROM login_failures WHERE key = @key AND window_start <= @now AND @now - window_start < @windowMs',
      ),
      deleteFailures: db.prepare('DELETE FROM login_failures WHERE key = ?'),
      giveBackFailure: db.prepare('UPDATE login_failures SET count = MAX(count - 1, 0) WHERE key = ?'),
      giveBackFailures: db.prepare(
        'UPDATE login_failures SET count = MAX(count - @n, 0) WHERE key = @key RETURNING count',
      ),
      bumpFailures: db.prepare(
        `INSERT INTO login_failures (key, count, window_start, last_at) VALUES (@key, 1, @now, @now)
         ON CONFLICT(key) DO UPDATE SET
           last_at = @now,
           count = CASE WHEN @now - window_start >= @windowMs OR window_start > @now THEN 1 ELSE count + 1 END,
           window_start = CASE WHEN @now - window_start >= @windowMs OR window_start > @now THEN @now ELSE window_start END`,
      ),
      sweepTickets: db.prepare('DELETE FROM mfa_tickets WHERE expires_at <= ?'),
      sweepFailures: db.prepare(
        'DELETE FROM login_failures WHERE window_start + @windowMs <= @now OR window_start > @now',
      ),
      liveFailures: db.prepare(
        `SELECT key, count, window_start FROM login_failures
         WHERE window_start <= @now AND @now - window_start < @windowMs ORDER BY window_start DESC LIMIT 500`,
      ),
      // Every counter of one account: its own, and one per client address ('account-ip:<email>|<ip>',
      // a range of keys: '}' sorts right after '|').
      deleteAccountFailures: db.prepare(
        "DELETE FROM login_failures WHERE key = 'account:' || @email OR (key >= 'account-ip:' || @email || '|' AND key < 'account-ip:' || @email || '}')",
      ),
      rememberSource: db.prepare(
        `INSERT INTO login_known_sources (account, source, signed_in_at) VALUES (?, ?, ?)
         ON CONFLICT(account, source) DO UPDATE SET signed_in_at = excluded.signed_in_at`,
      ),
      isKnownSource: db.prepare(
        'SELECT 1 FROM login_known_sources WHERE account = ? AND source = ? AND signed_in_at > ? AND signed_in_at <= ?',
      ),
      sweepSources: db.prepare('DELETE FROM login_known_sources WHERE signed_in_at <= ? OR signed_in_at > ?'),
      clearSources: db.prepare('DELETE FROM login_known_sources'),
      clearTickets: db.prepare('DELETE FROM mfa_tickets'),
      clearFailures: db.prepare('DELETE FROM login_failures'),
    };
  }

  insertTicket(ticketHash: string, userId: number, purpose: string, rememberMe: boolean, expiresAt: number): void {
    this.statements.insertTicket.run(ticketHash, userId, purpose, rememberMe ? 1 : 0, expiresAt);
  }

  ticket(ticketHash: string): MfaTicketRow | undefined {
    return this.statements.ticket.get(ticketHash) as MfaTicketRow | undefined;
  }

  /** True when this call deleted it: of two requests spending one ticket, exactly one gets true. */
  /** Ends every sign-in of this user still waiting for its second factor. */
  deleteTicketsOf(userId: number): number {
    return this.statements.deleteTicketsOf.run(userId).changes;
  }

  deleteTicket(ticketHash: string): boolean {
    return this.statements.deleteTicket.run(ticketHash).changes === 1;
  }

  /**
   * Takes one of the ticket's `max` attempts before its code is checked: the new
   * count, or undefined when the ticket is gone or every attempt is taken.
   */
  reserveAttempt(ticketHash: string, max: number): number | undefined {
    return (this.statements.reserveAttempt.get(ticketHash, max) as { attempts: number } | undefined)?.attempts;
  }

  /** One more wrong code on a ticket, counted in one statement; the new count, or undefined if the ticket is gone. */
  countWrongCode(ticketHash: string): number | undefined {
    return (this.statements.countWrongCode.get(ticketHash) as { attempts: number } | undefined)?.attempts;
  }

  /** The counter of `key` while its window is open on the lab clock; undefined once it is over. */
  failures(key: string, now: number, windowMs: number): FailureRow | undefined {
    return this.statements.failures.get({ key, now, windowMs }) as FailureRow | undefined;
  }

  /** Deletes every failure counter of one account, from every address (a password reset). */
  deleteAccountFailures(email: string): void {
    this.statements.deleteAccountFailures.run({ email });
  }

  /** The account was signed in to from this address just now (LoginThrottle: known addresses are not slowed). */
  rememberSource(email: string, source: string, now: number): void {
    this.statements.rememberSource.run(email, source, now);
  }

  /** Did a sign-in to the account come from this address since `since` (and not after now on the lab clock)? */
  isKnownSource(email: string, source: string, since: number, now: number): boolean {
    return this.statements.isKnownSource.get(email, source, since, now) !== undefined;
  }

  /** True when there was a counter to delete. */
  deleteFailures(key: string): boolean {
    return this.statements.deleteFailures.run(key).changes > 0;
  }

  giveBackFailure(key: string): void {
    this.statements.giveBackFailure.run(key);
  }

  /** Takes `n` failures off a counter; one left at 0 is deleted, as if never counted. True when there was a counter. */
  giveBackFailures(key: string, n: number): boolean {
    const row = this.statements.giveBackFailures.get({ key, n }) as { count: number } | undefined;
    if (row?.count === 0) this.statements.deleteFailures.run(key);
    return row !== undefined;
  }

  /** Counts one failure, starting a new window when the old one is over. */
  bumpFailures(key: string, now: number, windowMs: number): void {
    this.statements.bumpFailures.run({ key, now, windowMs });
  }

  /**
   * Deletes tickets past their expiry and counters whose window is over (or starts
   * after now: the lab clock was moved back): both
   * already count as gone when read, so this only keeps the tables small.
   */
  sweep(now: number, windowMs: number, knownSourceMs: number): void {
    this.statements.sweepTickets.run(now);
    this.statements.sweepFailures.run({ windowMs, now });
    this.statements.sweepSources.run(now - knownSourceMs, now);
  }

  /** Counters whose window is still open, newest first (the rate-limit lab's counters view). */
  liveFailures(now: number, windowMs: number): Array<{ key: string; count: number; window_start: number }> {
    return this.statements.liveFailures.all({ windowMs, now }) as Array<{
      key: string;
      count: number;
      window_start: number;
    }>;
  }

  /** Every failure counter (the rate-limit lab's "Reset counters"); tickets stay. */
  clearFailures(): number {
    return this.statements.clearFailures.run().changes;
  }

  /** Lab reset: no half-finished MFA login or lockout survives it. */
  clear(): void {
    this.statements.clearTickets.run();
    this.statements.clearFailures.run();
    this.statements.clearSources.run();
  }
}
