import { afterEach, describe, expect, it, vi } from 'vitest';
import { bcryptCostOf } from '../../../src/server/crypto/password-hasher';
import { freshDataDir, startTestLab, type LabHarness } from '../helpers';
import { freshAccount } from '../helpers/password';

/**
 * An account hashed before the lab's bcrypt cost was raised must not stand
 * out: a failed login against it would be cheap, while an unknown email costs
 * a compare at the current cost. The lab restarts on the same data dir at a
 * higher cost, as a learner changing --bcrypt-cost would.
 */
describe('bcrypt cost changes', () => {
  let labs: LabHarness[] = [];
  afterEach(async () => {
    await Promise.all(labs.map((h) => h.close()));
    labs = [];
  });

  async function accountAtCost4ThenLabAtCost5() {
    const dataDir = freshDataDir();
    const old = await startTestLab(dataDir, { bcryptCost: 4 });
    const account = await freshAccount(old);
    await old.close();
    const h = await startTestLab(dataDir, { bcryptCost: 5 });
    labs.push(h);
    const storedHash = () => h.lab.context.users.findByEmail(account.email)!.passwordHash;
    expect(bcryptCostOf(storedHash())).toBe(4);
    return { h, account, storedHash };
  }

  it('a right password re-hashes a hash made at another cost, at the current cost', async () => {
    const { h, account, storedHash } = await accountAtCost4ThenLabAtCost5();
    const res = await h.call('POST', '/api/session/login', { json: account });
    expect(res.status).toBe(200);
    expect(bcryptCostOf(storedHash())).toBe(5);
    // Still the same password.
    expect((await h.call('POST', '/api/session/login', { json: account })).status).toBe(200);
  });

  it('a wrong password against a cheaper hash still spends a compare at the current cost, as an unknown email does', async () => {
    const { h, account, storedHash } = await accountAtCost4ThenLabAtCost5();
    const run = vi.spyOn(h.lab.context.hasher as unknown as { run: (...args: string[]) => Promise<unknown> }, 'run');
    const costsCompared = () =>
      run.mock.calls.filter(([op]) => op === 'compare').map(([, , hash]) => bcryptCostOf(hash ?? ''));

    const known = await h.call('POST', '/api/session/login', { json: { ...account, password: 'not the password' } });
    expect(known.status).toBe(401);
    expect(costsCompared()).toContain(5);
    expect(bcryptCostOf(storedHash())).toBe(4);

    run.mockClear();
    const unknown = await h.call('POST', '/api/session/login', {
      json: { email: 'nobody-here@example.test', password: 'not the password' },
    });
    expect(unknown.status).toBe(401);
    expect(costsCompared()).toEqual([5]);
    run.mockRestore();
  });
});
