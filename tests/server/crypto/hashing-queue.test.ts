import { afterEach, describe, expect, it } from 'vitest';
import { servedClient } from '../../../src/server/core/client-address';
import type { LabError } from '../../../src/server/core/errors';
import { HASHING_QUEUE_LIMITS, PasswordHasher } from '../../../src/server/crypto/password-hasher';

/**
 * The bcrypt pool is shared by every client. One client's burst must not
 * stall another's login, and it must stop at a bound. Measured by the order
 * in which jobs finish, not by wall time, so a loaded machine cannot flip it.
 */
describe('the hashing queue: bounded, and shared fairly by client', () => {
  let hasher: PasswordHasher;
  afterEach(() => hasher.close());

  const as = <T>(client: string, work: () => T): T => servedClient.run(client, work);

  it("a burst of 80 from one address: another address's login waits for at most two of them", async () => {
    hasher = new PasswordHasher(4, 'test-pepper-not-a-secret', 1);
    const stored = await as('10.0.0.2', () => hasher.hash('the owner password'));
    const finished: string[] = [];
    const burst = Array.from({ length: HASHING_QUEUE_LIMITS.perClient }, (_, i) =>
      as('10.0.0.1', () => hasher.hash(`registration ${i}`)).then(() => finished.push(`burst ${i}`)),
    );
    const login = as('10.0.0.2', () => hasher.verify('the owner password', stored)).then((ok) => {
      finished.push('login');
      return ok;
    });
    expect(await login).toBe(true);
    await Promise.all(burst);
    // One worker: the burst's first job was running and its second already in line; the login came next,
    // not after the other 78 (first in, first out would have made it last).
    expect(finished.indexOf('login')).toBeLessThanOrEqual(2);
    expect(finished).toHaveLength(HASHING_QUEUE_LIMITS.perClient + 1);
  });

  it('the job past the bound gets 429 busy with a Retry-After, and the client may queue again once served', async () => {
    hasher = new PasswordHasher(4, 'test-pepper-not-a-secret', 1);
    const burst = Array.from({ length: HASHING_QUEUE_LIMITS.perClient }, (_, i) =>
      as('10.0.0.1', () => hasher.hash(`registration ${i}`)),
    );
    const refused = (await as('10.0.0.1', () => hasher.hash('one too many')).catch((e: unknown) => e)) as LabError;
    expect([refused.statusCode, refused.code]).toEqual([429, 'busy']);
    expect(refused.extra.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Another address is not refused for it.
    await expect(as('10.0.0.2', () => hasher.hash('someone else'))).resolves.toMatch(/^\$2/);
    await Promise.all(burst);
    await expect(as('10.0.0.1', () => hasher.hash('later'))).resolves.toMatch(/^\$2/);
  });

  it('work no request asked for (demo accounts, the dummy hash) is never refused', async () => {
    hasher = new PasswordHasher(4, 'test-pepper-not-a-secret', 1);
    const all = Array.from({ length: HASHING_QUEUE_LIMITS.perClient + 5 }, (_, i) => hasher.hash(`seed ${i}`));
    expect(await Promise.all(all)).toHaveLength(HASHING_QUEUE_LIMITS.perClient + 5);
  });
});
