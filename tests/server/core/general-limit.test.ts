import { describe, expect, it } from 'vitest';
import { LabClock } from '../../../src/server/core/clock';
import { GeneralLimitCounters, labClockStore } from '../../../src/server/core/general-limit';

/** The store @fastify/rate-limit counts the general limit in, driven as the plugin drives it. */
function storeOn(now: { ms: number }) {
  const clock = new LabClock(() => now.ms);
  const counters = new GeneralLimitCounters(clock);
  const Store = labClockStore(counters);
  const store = new Store({});
  const incr = (key: string, windowMs = 60_000, max = 3) =>
    new Promise<{ current: number; ttl: number }>((resolve, reject) =>
      store.incr(key, (error, result) => (error ? reject(error) : resolve(result!)), windowMs, max),
    );
  return { clock, counters, store, incr };
}

describe('the general limit store (lab clock windows)', () => {
  it('counts in fixed windows and answers what the plugin expects: the count and the ms left', async () => {
    const now = { ms: 1_000_000 };
    const { incr } = storeOn(now);
    expect(await incr('1.2.3.4')).toEqual({ current: 1, ttl: 60_000 });
    now.ms += 10_000;
    expect(await incr('1.2.3.4')).toEqual({ current: 2, ttl: 50_000 });
    expect(await incr('5.6.7.8')).toEqual({ current: 1, ttl: 60_000 });
  });

  it('a jump of the lab clock ends the window', async () => {
    const now = { ms: 1_000_000 };
    const { clock, counters, incr } = storeOn(now);
    await incr('1.2.3.4');
    await incr('1.2.3.4');
    clock.advance(60_000);
    expect(counters.live()).toEqual([]);
    expect(await incr('1.2.3.4')).toEqual({ current: 1, ttl: 60_000 });
  });

  it('keeps at most 5000 keys, dropping the oldest window first', async () => {
    const now = { ms: 1_000_000 };
    const { counters, incr } = storeOn(now);
    for (let i = 0; i < 5001; i++) await incr(`key-${i}`);
    const keys = counters.live().map((w) => w.key);
    expect(keys).toHaveLength(5000);
    expect(keys).not.toContain('key-0');
    expect(keys).toContain('key-5000');
  });

  it('a route with its own limit counts apart (child)', async () => {
    const now = { ms: 1_000_000 };
    const { counters, store, incr } = storeOn(now);
    const child = store.child({ method: 'POST', url: '/api/x' } as never);
    await incr('1.2.3.4');
    await new Promise((resolve) => child.incr('1.2.3.4', resolve, 60_000, 3));
    expect(counters.live().map((w) => [w.key, w.count])).toEqual(
      expect.arrayContaining([
        ['1.2.3.4', 1],
        ['POST /api/x 1.2.3.4', 1],
      ]),
    );
  });
});
