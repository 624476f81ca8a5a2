import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../../src/server/auth/login-throttle';
import { useTestLab, withTogglesOff } from '../helpers';
import { freshAccount } from '../helpers/password';
import { median } from '../helpers/timing';

/**
 * The timing side of user enumeration (login.constantTime), measured as an
 * attacker would: the wall time of real login requests with a wrong password,
 * for emails that have accounts and emails that do not.
 *
 * It must hold on a loaded 2-core machine, so it compares medians of many
 * interleaved tries (a stall hits both sides alike, and the median ignores
 * it), at a bcrypt cost where one compare (tens of ms) dwarfs the noise of a
 * request through app.inject (about a millisecond).
 */

const PAIRS = 21;
const WARM_UP = 2;
/** Failures per lab-clock window this test allows itself before moving the clock on (the IP limit is 50). */
const FAILURES_PER_WINDOW = 20;

describe('login timing and user enumeration (login.constantTime)', () => {
  const h = useTestLab({ bcryptCost: 9, resetBeforeEach: true });

  async function timedFailure(email: string): Promise<number> {
    const started = performance.now();
    const res = await h.call('POST', '/api/session/login', { json: { email, password: 'a wrong password' } });
    const ms = performance.now() - started;
    // A 429 is answered before any bcrypt: it would make both sides fast and hide the difference.
    expect(res.status).toBe(401);
    return ms;
  }

  /** Median time of a failed login for known and unknown emails, interleaved so load hits both alike. */
  async function measure(): Promise<{ known: number; unknown: number }> {
    const accounts = await Promise.all(Array.from({ length: 4 }, () => freshAccount(h)));
    const known: number[] = [];
    const unknown: number[] = [];
    let failures = 0;
    for (let i = 0; i < WARM_UP + PAIRS; i++) {
      if (failures + 2 > FAILURES_PER_WINDOW) {
        // The failed-login limit would answer 429 (5 per account, 50 per IP): start a new window.
        await h.call('POST', '/api/lab/clock', { json: { advanceMs: LOGIN_LIMITS.windowMs } });
        failures = 0;
      }
      const knownEmail = accounts[i % accounts.length]!.email;
      const unknownEmail = `nobody-${i}-${Math.random().toString(36).slice(2, 8)}@example.test`;
      const order = i % 2 === 0 ? [knownEmail, unknownEmail] : [unknownEmail, knownEmail];
      const times = new Map<string, number>();
      for (const email of order) times.set(email, await timedFailure(email));
      failures += 2;
      if (i < WARM_UP) continue;
      known.push(times.get(knownEmail)!);
      unknown.push(times.get(unknownEmail)!);
    }
    await h.call('POST', '/api/lab/clock', { json: { reset: true } });
    return { known: median(known), unknown: median(unknown) };
  }

  it('defence on: unknown and known emails take about as long (both pay one bcrypt compare)', async () => {
    const { known, unknown } = await measure();
    const ratio = known / unknown;
    // Generous: the two medians within a factor of 2 of each other. Without the dummy hash the
    // unknown side skips bcrypt and the ratio is well over 10 at this cost.
    expect(ratio, `known ${known.toFixed(1)} ms, unknown ${unknown.toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio, `known ${known.toFixed(1)} ms, unknown ${unknown.toFixed(1)} ms`).toBeLessThan(2);
  }, 120_000);

  it('defence off: an unknown email answers several times faster, so the time tells who has an account', async () => {
    await withTogglesOff(h, ['login.constantTime'], async () => {
      const { known, unknown } = await measure();
      expect(known / unknown, `known ${known.toFixed(1)} ms, unknown ${unknown.toFixed(1)} ms`).toBeGreaterThan(3);
    });
  }, 120_000);
});
