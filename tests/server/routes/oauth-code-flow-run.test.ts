import { describe, expect, it } from 'vitest';
import type { FlowStep } from '../../../src/common/schemas/oauth';
import { useTestLab } from '../helpers';
import { scanErrorDescriptions } from '../helpers/oauth-lab';

/** The code-flow run draws only what happened: each arrow a real exchange, local steps marked, consent as it was. */
describe('The code-flow run, step by step', () => {
  const h = useTestLab({ resetBeforeEach: true });
  scanErrorDescriptions(h);
  const run = async () =>
    (await h.call('POST', '/api/lab/oauth/run/code-flow', { json: {} })).body as { steps: FlowStep[] };
  const step = (steps: FlowStep[], id: string) => steps.find((s) => s.id === id)!;

  it('every arrow between two parties is an exchange the run made; the others are local', async () => {
    const { steps } = await run();
    for (const s of steps) {
      if (s.from === s.to) expect(s.channel, s.id).toBe('local');
      else expect(s.request ?? s.response, s.id).toBeDefined();
    }
    // The run reads the code from Lab ID's redirect: the arrow ends at the browser, not at Your App.
    const callback = step(steps, 'callback');
    expect([callback.from, callback.to]).toEqual(['Lab ID', 'Browser']);
    expect(callback.response?.status).toBe(303);
    expect(callback.request).toBeUndefined();
    // No /jwks fetch happens in this run, so the ID token step does not claim one.
    expect(JSON.stringify(step(steps, 'id-token'))).not.toMatch(/key from \/jwks/);
  });

  it('a remembered consent shows no consent form', async () => {
    const first = await run();
    expect(step(first.steps, 'sign-in').params?.map((p) => p.name)).toContain('decision');
    const again = await run();
    const signIn = step(again.steps, 'sign-in');
    expect(signIn.title).toContain('consent is remembered');
    expect(signIn.request?.url).not.toContain('/consent');
    expect(signIn.params?.map((p) => p.name)).not.toContain('decision');
    expect(step(again.steps, 'api').response?.status).toBe(200);
  });
});
