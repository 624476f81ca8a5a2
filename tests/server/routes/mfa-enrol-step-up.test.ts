import { afterEach, describe, expect, it } from 'vitest';
import { useTestLab, withTogglesOff } from '../helpers';
import { bearer } from '../helpers/jwt';
import { codeAt, freshUser, post } from '../helpers/mfa';

const h = useTestLab();

afterEach(async () => {
  await h.call('POST', '/api/lab/clock', { json: { reset: true } });
});

/** Ten minutes on the lab clock: the session's sign-in is past the 5-minute step-up window. */
const tenMinutesLater = () => h.call('POST', '/api/lab/clock', { json: { advanceMs: 10 * 60_000 } });

/** Adding an authenticator needs a recent authentication (ASVS 5.0 V7.5.1), as a transfer does. */
describe('MFA enrolment needs a recent authentication', () => {
  it('a 10-minute-old session gets step_up_required at setup and at verify; after a step-up both work', async () => {
    const user = await freshUser(h);
    const setup = await post(h, user, '/api/mfa/setup');
    expect(setup.status).toBe(200);
    await tenMinutesLater();
    const verify = await post(h, user, '/api/mfa/verify', { code: codeAt(h, setup.body.secret) });
    expect(verify.status).toBe(401);
    expect(verify.body).toMatchObject({ error: 'step_up_required', stepUpUrl: '/api/auth/step-up' });
    const again = await post(h, user, '/api/mfa/setup');
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('step_up_required');
    // The same answer the bank transfer gives.
    const transfer = await post(h, user, '/api/bank/transfer', { to: 'x', amount: 1 });
    expect(transfer.body.error).toBe('step_up_required');

    expect((await post(h, user, '/api/auth/step-up', { password: user.password })).status).toBe(200);
    const fresh = await post(h, user, '/api/mfa/setup');
    expect(fresh.status).toBe(200);
    const enabled = await post(h, user, '/api/mfa/verify', { code: codeAt(h, fresh.body.secret) });
    expect(enabled.status).toBe(200);
    expect(enabled.body.recoveryCodes).toHaveLength(10);
  });

  it('a bearer token (no login time) gets step_up_required until it steps up', async () => {
    const user = await freshUser(h);
    const jwt = await h.call('POST', '/api/jwt/login', { json: { email: user.email, password: user.password } });
    const headers = bearer(jwt.body.accessToken);
    const refused = await h.call('POST', '/api/mfa/setup', { json: {}, headers });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('step_up_required');
    const stepUp = await h.call('POST', '/api/auth/step-up', { json: { password: user.password }, headers });
    expect(stepUp.status).toBe(200);
    expect((await h.call('POST', '/api/mfa/setup', { json: {}, headers })).status).toBe(200);
  });

  it('with mfa.stepUp off (the attack): the old session enrols its own authenticator', async () => {
    await withTogglesOff(h, ['mfa.stepUp'], async () => {
      const user = await freshUser(h);
      await tenMinutesLater();
      const setup = await post(h, user, '/api/mfa/setup');
      expect(setup.status).toBe(200);
      const verify = await post(h, user, '/api/mfa/verify', { code: codeAt(h, setup.body.secret) });
      expect(verify.status).toBe(200);
    });
  });
});
