import { afterEach, describe, expect, it } from 'vitest';
import { RATELIMIT_LAB } from '../../../src/common/labs/ratelimit';
import { useTestLab } from '../helpers';
import { runAttackAnswering } from './attack-run';
import { runServerAttack, setToggles } from './ratelimit-oauth-kit';

/** Each rate-limit runner through the catalogue's interface: refused with its defence on, through with it off. */
describe('rate-limit server runners, both ways', () => {
  const h = useTestLab({ resetBeforeEach: true });
  afterEach(() => setToggles(h, { 'ratelimit.login': true, 'ratelimit.ignoreForwardedFor': true }));

  const runnerOf = (id: string) => h.lab.labs.ratelimit.attacks.runners[id as 'ratelimit-brute-force'];
  const loginCounters = async () =>
    ((await h.call('GET', '/api/lab/ratelimit/counters')).body.login.counters as Array<{ key: string; count: number }>)
      .filter((c) => c.count > 0)
      .map((c) => c.key);

  it.each(RATELIMIT_LAB.attacks.map((a) => [a.id, a.defeats[0]] as const))(
    '%s: blocked with %s on, works with it off, and leaves no counter behind',
    async (id, toggle) => {
      const on = await runServerAttack(h, runnerOf(id));
      expect(on.succeeded, on.steps.join('\n')).toBe(false);
      expect(on.steps.join('\n')).toMatch(/429/);
      expect(await loginCounters()).toEqual([]);

      await setToggles(h, { [toggle]: false });
      const off = await runServerAttack(h, runnerOf(id));
      expect(off.succeeded, off.steps.join('\n')).toBe(true);
      expect(await loginCounters()).toEqual([]);
    },
  );

  it('leaves the demo user able to sign in after a run with the defence on', async () => {
    await runServerAttack(h, runnerOf('ratelimit-brute-force'));
    const demo = h.lab.context.users.demoAccounts().find((a) => a.email === 'user@authlab.test')!;
    const login = await h.call('POST', '/api/session/login', { json: { email: demo.email, password: demo.password } });
    expect(login.status).toBe(200);
  });

  it('could not run (409, not 500) when registering the throwaway victim meets a 429', async () => {
    const answer = { method: 'POST', path: '/api/auth/register', status: 429, body: { error: 'rate_limited' } };
    await expect(runAttackAnswering(h, runnerOf('ratelimit-brute-force'), answer)).rejects.toMatchObject({
      statusCode: 409,
    });
  });

  it.each(RATELIMIT_LAB.attacks.map((a) => [a.id, a.defeats[0]] as const))(
    '%s leaves no account or mail behind, with %s on or off',
    async (id, toggle) => {
      const users = h.lab.context.users.count();
      const mails = h.lab.context.mailer.list().length;
      await runServerAttack(h, runnerOf(id));
      await setToggles(h, { [toggle]: false });
      await runServerAttack(h, runnerOf(id));
      expect([h.lab.context.users.count(), h.lab.context.mailer.list().length]).toEqual([users, mails]);
    },
  );
});
