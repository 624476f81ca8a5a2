/** Time limits of a mock interview answer: 30 s for the short one, 2 min for the long one. */
export interface MockTimers {
  shortMs: number;
  longMs: number;
}

export const REAL_TIMERS: MockTimers = { shortMs: 30_000, longMs: 120_000 };
/** The "short timers" practice option. */
export const PRACTICE_TIMERS: MockTimers = { shortMs: 10_000, longMs: 30_000 };

/**
 * Timers from the page URL, `?drillTimers=<short s>,<long s>` (used by the
 * end-to-end test so it need not wait 2.5 minutes); null when absent or invalid.
 */
export function timersFromUrl(search = window.location.search): MockTimers | null {
  const raw = new URLSearchParams(search).get('drillTimers');
  const match = raw ? /^(\d{1,3}),(\d{1,3})$/.exec(raw) : null;
  if (!match) return null;
  const [shortS, longS] = [Number(match[1]), Number(match[2])];
  return shortS > 0 && longS > 0 ? { shortMs: shortS * 1000, longMs: longS * 1000 } : null;
}
