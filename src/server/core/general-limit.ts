import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import type { LabClock } from './clock';

/** The general limit's window: one minute of the lab clock. */
export const GENERAL_LIMIT_WINDOW_MS = 60_000;

/** One fixed window of the general limit, for one key. */
export interface WindowCounter {
  key: string;
  count: number;
  max: number;
  windowMs: number;
  windowStart: number;
}

/** More keys than this and the oldest window is dropped, as the plugin's own LRU store does. */
const MAX_KEYS = 5000;

/**
 * The general limit's counters: fixed windows on the lab clock, so
 * fast-forwarding the clock ends a window, and readable by the lab's counters
 * view. In memory, like the plugin's default store: one lab process is one
 * instance. Several instances behind a load balancer would each count alone
 * and let N times the limit through; they must share one store (the plugin's
 * Redis store, or SQLite here) — the lab's "shared-store" step.
 */
export class GeneralLimitCounters {
  private readonly windows = new Map<string, WindowCounter>();

  constructor(private readonly clock: LabClock) {}

  /** Counts one request and returns the count and the ms left in its window (what the plugin's `incr` answers). */
  hit(key: string, windowMs: number, max: number): { current: number; ttl: number } {
    const now = this.clock.nowMs();
    let window = this.windows.get(key);
    if (!window || now - window.windowStart >= windowMs || now < window.windowStart) {
      window = { key, count: 0, max, windowMs, windowStart: now };
      // Re-inserted at the end, so the first key of the map is the least recently started window.
      this.windows.delete(key);
      this.windows.set(key, window);
      if (this.windows.size > MAX_KEYS) this.windows.delete(this.windows.keys().next().value!);
    }
    window.count += 1;
    window.max = max;
    return { current: window.count, ttl: window.windowStart + windowMs - now };
  }

  /** The same answer without counting (the plugin's `read`). */
  peek(key: string, windowMs: number): { current: number; ttl: number } {
    const now = this.clock.nowMs();
    const window = this.windows.get(key);
    if (!window || now - window.windowStart >= windowMs || now < window.windowStart) return { current: 0, ttl: 0 };
    return { current: window.count, ttl: window.windowStart + windowMs - now };
  }

  /** Windows still open on the lab clock, newest first. */
  live(): WindowCounter[] {
    const now = this.clock.nowMs();
    return [...this.windows.values()]
      .filter((w) => now - w.windowStart < w.windowMs && now >= w.windowStart)
      .sort((a, b) => b.windowStart - a.windowStart);
  }

  /** Drops finished windows: they already read as empty, so this only keeps the map small. */
  sweep(): void {
    const now = this.clock.nowMs();
    for (const [key, w] of this.windows) if (now - w.windowStart >= w.windowMs) this.windows.delete(key);
  }

  delete(key: string): boolean {
    return this.windows.delete(key);
  }

  /** Takes `n` requests off a window; one left at 0 is dropped, as if never counted. True when there was a window. */
  giveBack(key: string, n: number): boolean {
    const window = this.windows.get(key);
    if (!window) return false;
    window.count = Math.max(0, window.count - n);
    if (window.count === 0) this.windows.delete(key);
    return true;
  }

  clear(): void {
    this.windows.clear();
  }
}

/**
 * The class @fastify/rate-limit's `store` option takes: the plugin calls
 * `new Store(options)`, then `incr(key, callback, timeWindow, max)` per
 * request and `child(routeOptions)` for a route with its own limit.
 */
export function labClockStore(counters: GeneralLimitCounters, prefix = '') {
  return class LabClockStore implements FastifyRateLimitStore {
    constructor(_options?: FastifyRateLimitOptions) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ): void {
      callback(null, counters.hit(prefix + key, timeWindow, max));
    }

    read(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      callback(null, counters.peek(prefix + key, timeWindow));
    }

    /** A route with its own limit counts apart from the others. */
    child(routeOptions: { url?: string; method?: string | string[] }): FastifyRateLimitStore {
      const Child = labClockStore(counters, `${prefix}${String(routeOptions.method)} ${routeOptions.url ?? ''} `);
      return new Child();
    }
  };
}
