import { describe, expect, it } from 'vitest';
import { servedClient } from '../../../src/server/core/client-address';
import { HASHING_QUEUE_LIMITS } from '../../../src/server/crypto/password-hasher';
import { setToggles, useTestLab } from '../helpers';
import { freshAccount } from '../helpers/password';

// Behind a proxy the lab is told about: its X-Forwarded-For names the clients.
const h = useTestLab({ resetBeforeEach: true, trustProxy: '127.0.0.1' });

/**
 * The bcrypt pool seen through the routes: one address fills its share of
 * the queue (as a burst of registrations would), and another address still
 * signs in at once. Two long jobs hold both workers first, so the burst is
 * still queued when the requests arrive: the order is fixed, not a race.
 */
describe('the hashing queue through the routes', () => {
  async function burstFrom(client: string) {
    const { hasher } = h.lab.context;
    const finished: string[] = [];
    const holders = [12, 12].map((cost) => servedClient.run(client, () => hasher.measureCost(cost)));
    const burst = Array.from({ length: HASHING_QUEUE_LIMITS.perClient - holders.length }, (_, i) =>
      servedClient.run(client, () => hasher.hash(`registration ${i}`)).then(() => finished.push(`burst ${i}`)),
    );
    return { finished, done: Promise.all([...holders, ...burst]) };
  }

  it("another address's login is served before the burst queued ahead of it, and the burst's next request gets 429 busy", async () => {
    const owner = await freshAccount(h);
    const { finished, done } = await burstFrom('10.0.0.1');

    const refused = await h.call('POST', '/api/auth/register', {
      json: { email: 'one-too-many@example.test', password: 'a long enough passphrase' },
      headers: { 'x-forwarded-for': '10.0.0.1' },
    });
    expect([refused.status, refused.body.error]).toEqual([429, 'busy']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const login = await h.call('POST', '/api/session/login', {
      json: owner,
      headers: { 'x-forwarded-for': '10.0.0.2' },
    });
    expect(login.status).toBe(200);
    finished.push('login');
    await done;
    expect(finished.indexOf('login')).toBeLessThanOrEqual(2);
  }, 30_000);

  it('a login refused as busy is not counted as a failed login', async () => {
    const owner = await freshAccount(h);
    const { done } = await burstFrom('10.0.0.3');
    const refused = await h.call('POST', '/api/session/login', {
      json: { ...owner, password: 'a wrong password' },
      headers: { 'x-forwarded-for': '10.0.0.3' },
    });
    expect([refused.status, refused.body.error]).toEqual([429, 'busy']);
    await done;
    const counters = await h.call('GET', '/api/lab/ratelimit/counters');
    expect(counters.body.login.counters).toEqual([]);
  }, 30_000);
});

describe('the hashing queue with no proxy configured', () => {
  const direct = useTestLab({ resetBeforeEach: true });

  it('a client forging X-Forwarded-For is still one client, even with ratelimit.ignoreForwardedFor off', async () => {
    await setToggles(direct, { 'ratelimit.ignoreForwardedFor': false });
    try {
      const { hasher } = direct.lab.context;
      // The socket peer (inject's 127.0.0.1) fills its share of the queue.
      const holders = [12, 12].map((cost) => servedClient.run('127.0.0.1', () => hasher.measureCost(cost)));
      const burst = Array.from({ length: HASHING_QUEUE_LIMITS.perClient - holders.length }, (_, i) =>
        servedClient.run('127.0.0.1', () => hasher.hash(`registration ${i}`)),
      );
      const forged = await direct.call('POST', '/api/auth/register', {
        json: { email: 'posing@example.test', password: 'a long enough passphrase' },
        headers: { 'x-forwarded-for': '203.0.113.77' },
      });
      expect([forged.status, forged.body.error]).toEqual([429, 'busy']);
      await Promise.all([...holders, ...burst]);
    } finally {
      await setToggles(direct, { 'ratelimit.ignoreForwardedFor': true });
    }
  }, 30_000);
});
