/**
 * The lab clock. Every time read in the server goes through it, so a learner
 * can fast-forward and watch tokens, sessions and codes expire in seconds,
 * and tests need no sleeps. It only moves forward or back to real time.
 */
export class LabClock {
  private offset = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly realNow: () => number = Date.now) {}

  nowMs(): number {
    return this.realNow() + this.offset;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Whole seconds since the epoch, the unit JWT claims and TOTP use. */
  epochSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  get offsetMs(): number {
    return this.offset;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance must be a non-negative number of ms');
    this.offset += ms;
    this.changed();
  }

  reset(): void {
    this.offset = 0;
    this.changed();
  }

  /** Calls `listener` after every jump of the clock (advance or reset); returns how to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  snapshot(): { now: string; offsetMs: number } {
    return { now: this.now().toISOString(), offsetMs: this.offset };
  }
}
