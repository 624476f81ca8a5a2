import { afterEach, describe, expect, it } from 'vitest';
import { ATTACK_IDS } from '../../../src/server/labs/oauth/attacks';
import { useTestLab } from '../helpers';
import { scanErrorDescriptions } from '../helpers/oauth-lab';

/** Each defence: its attack fails with the toggle on and succeeds with it off, against the real servers. */
describe('OAuth attacks, both ways', () => {
  const h = useTestLab({ resetBeforeEach: true });
  scanErrorDescriptions(h);
  afterEach(async () => {
    const { body } = await h.call('GET', '/api/lab/toggles');
    const on = Object.fromEntries(
      Object.keys(body)
        .filter((k) => k.startsWith('oauth.'))
        .map((k) => [k, true]),
    );
    await h.call('PUT', '/api/lab/toggles', { json: on });
  });

  it.each([...ATTACK_IDS])('%s: blocked with the defence on, works with it off', async (id) => {
    const on = await h.call('POST', `/api/lab/oauth/attacks/${id}`, { json: {} });
    expect(on.status).toBe(200);
    expect(on.body.defenceOn).toBe(true);
    expect(on.body.outcome, on.body.steps.join('\n')).toBe('blocked');

    await h.call('PUT', '/api/lab/toggles', { json: { [on.body.toggle]: false } });
    await h.call('POST', '/api/lab/reset', { json: {} });
    const off = await h.call('POST', `/api/lab/oauth/attacks/${id}`, { json: {} });
    expect(off.body.defenceOn).toBe(false);
    expect(off.body.outcome, off.body.steps.join('\n')).toBe('succeeded');
  });

  it('refuses an unknown attack with 400', async () => {
    expect((await h.call('POST', '/api/lab/oauth/attacks/nope', { json: {} })).status).toBe(400);
  });
});
