import { afterEach, describe, expect, it } from 'vitest';
import type { AttackRunResult, WalkthroughAttempt } from '../../../src/common/schemas/attacks';
import { useTestLab } from '../helpers';
import { eventually } from './fake-lab';
import { setToggles } from './ratelimit-oauth-kit';

/** The OAuth and rate-limit attacks through the catalogue's own routes: an attempt done by hand, and "Show me". */
describe('OAuth and rate-limit attacks in the catalogue', () => {
  const h = useTestLab({ resetBeforeEach: true });
  afterEach(() => setToggles(h, { 'oauth.checkState': true, 'ratelimit.login': true }));
  const attempt = async (id: string) =>
    (await h.call('GET', `/api/lab/attacks/${id}/attempt`)).body as WalkthroughAttempt;

  it('login CSRF by hand: both steps turn green and the attempt is marked exploited', async () => {
    await h.call('POST', '/api/lab/attacks/progress/reset', { json: {} });
    await setToggles(h, { 'oauth.checkState': false });
    const started = await h.call('POST', '/api/lab/attacks/login-csrf/attempt', { json: {} });
    expect(started.body).toMatchObject({ defence: 'off', result: null });

    const page = await (await h.fetch(`${h.lab.origins.attacker}/oauth/login-csrf`)).text();
    expect(
      (
        await eventually(
          () => attempt('login-csrf'),
          (a) => a.steps[0]!.done,
        )
      ).steps[1]!.done,
    ).toBe(false);
    const callback = /id="callback">([^<]+)</.exec(page)![1]!.replace(/&amp;/g, '&');
    const visit = await h.call('POST', '/api/lab/oauth/victim/open', { json: { url: callback } });
    expect(visit.body.yourAppSignedInAs).toBe('admin@authlab.test');

    const done = await eventually(
      () => attempt('login-csrf'),
      (a) => a.result !== null,
    );
    expect(done.steps.map((s) => s.done)).toEqual([true, true]);
    expect(done.result).toBe('exploited');
  });

  it('"Show me" runs the rate-limit brute force both ways, and leaves no failed-login counter', async () => {
    const run = async (defence: 'on' | 'off') =>
      (await h.call('POST', '/api/lab/attacks/ratelimit-brute-force/run', { json: { defence } }))
        .body as AttackRunResult;
    expect((await run('off')).outcome).toBe('succeeded');
    const on = await run('on');
    expect(on.outcome).toBe('blocked');
    expect(on.steps.join('\n')).toMatch(/429/);
    const counters = (await h.call('GET', '/api/lab/ratelimit/counters')).body.login.counters as unknown[];
    expect(counters).toEqual([]);
  });
});
