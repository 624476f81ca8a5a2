import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { runServerAttack, setToggles } from './ratelimit-oauth-kit';

describe('timing', () => {
  const h = useTestLab({ bcryptCost: Number(process.env.COST) });
  it('times', async () => {
    const t0 = Date.now();
    const hash = await h.lab.context.hasher.hash('x');
    console.log('one hash', Date.now() - t0, hash.length);
    for (const id of ['ratelimit-brute-force', 'ratelimit-xff-spray'] as const) {
      const toggle = id === 'ratelimit-brute-force' ? 'ratelimit.login' : 'ratelimit.ignoreForwardedFor';
      let t = Date.now();
      const on = await runServerAttack(h, h.lab.labs.ratelimit.attacks.runners[id]);
      console.log(id, 'on', Date.now() - t, on.succeeded);
      await setToggles(h, { [toggle]: false });
      t = Date.now();
      const off = await runServerAttack(h, h.lab.labs.ratelimit.attacks.runners[id]);
      console.log(id, 'off', Date.now() - t, off.succeeded);
      await setToggles(h, { [toggle]: true });
      expect(on.succeeded).toBe(false);
    }
  }, 300000);
});
