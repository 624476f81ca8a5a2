import { describe, expect, it } from 'vitest';
import { useTestLab, withTogglesOff } from '../helpers';
import { scanErrorDescriptions } from '../helpers/oauth-lab';

/** The scripted runs sign in as a demo account: one that needs a code or is throttled stops them, plainly. */
describe('OAuth runs when the demo account cannot simply sign in', () => {
  const h = useTestLab({ resetBeforeEach: true });
  scanErrorDescriptions(h);

  async function throttle(email: string) {
    for (let i = 0; i < 6; i++)
      await h.call('POST', '/api/session/login', { json: { email, password: 'not-the-password' } });
  }

  it('the code flow stops at sign-in when the account has MFA on, and says so', async () => {
    const run = await h.call('POST', '/api/lab/oauth/run/code-flow', { json: { email: 'mfa@authlab.test' } });
    expect(run.status).toBe(200);
    expect(run.body.account).toBe('mfa@authlab.test');
    expect(run.body.stopped.reason).toBe('mfa_required');
    expect(run.body.stopped.message).toContain('one-time code');
    const ids = (run.body.steps as Array<{ id: string }>).map((s) => s.id);
    expect(ids.at(-1)).toBe('sign-in');
    expect(ids).not.toContain('callback');
    expect(run.body.tokens.accessToken).toBeNull();
  });

  it('the code flow stops at sign-in when the account is throttled, and can run as another demo account', async () => {
    await throttle('user@authlab.test');
    const run = await h.call('POST', '/api/lab/oauth/run/code-flow', { json: {} });
    expect(run.body.stopped.reason).toBe('throttled');
    expect(run.body.stopped.message).toContain('reset the counters');
    const other = await h.call('POST', '/api/lab/oauth/run/code-flow', { json: { email: 'admin@authlab.test' } });
    expect(other.body.stopped).toBeUndefined();
    expect(other.body.steps.at(-1).response.status).toBe(200);
  });

  it('refuses to run the code flow as an account that is not a demo account', async () => {
    const run = await h.call('POST', '/api/lab/oauth/run/code-flow', { json: { email: 'nobody@example.test' } });
    expect(run.status).toBe(400);
  });

  it('an attack whose victim is throttled reports that it could not run, never that the defence held', async () => {
    await throttle('user@authlab.test');
    await withTogglesOff(h, ['oauth.exactRedirectUri'], async () => {
      const attack = await h.call('POST', '/api/lab/oauth/attacks/redirect-uri', { json: {} });
      expect(attack.status).toBe(409);
      expect(attack.body.error).toBe('conflict');
      expect(attack.body.message).toMatch(/^Could not run: Lab ID is throttling sign-ins for user@authlab\.test/);
    });
  });
});
