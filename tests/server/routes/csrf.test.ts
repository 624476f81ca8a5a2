import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { withTogglesOff } from '../helpers/jwt';
import { freshUser } from '../helpers/mfa';

const h = useTestLab();

/**
 * The one CSRF check (auth/csrf.ts) guards every cookie-authenticated route
 * that changes state: the session lab's own and the ones that take a cookie
 * or a bearer token (MFA, password change). On or off, they all agree.
 */
describe('the one CSRF check, on every cookie-authenticated route', () => {
  const changes = [
    ['POST /api/session/profile', '/api/session/profile', { displayName: 'Someone' }],
    ['POST /api/mfa/setup', '/api/mfa/setup', {}],
    [
      'POST /api/password/change',
      '/api/password/change',
      { currentPassword: 'not it', newPassword: 'a long passphrase 42' },
    ],
  ] as const;

  it.each(changes)('%s: on, the cookie without its token is refused with 403', async (_name, path, json) => {
    const user = await freshUser(h);
    const res = await h.call('POST', path, { json, headers: { cookie: user.headers.cookie! } });
    expect([res.status, res.body.error]).toEqual([403, 'csrf_token_invalid']);
  });

  it.each(changes)('%s: session.csrfToken off, the cookie alone gets past the check', async (_name, path, json) => {
    const user = await freshUser(h);
    await withTogglesOff(h, ['session.csrfToken'], async () => {
      const res = await h.call('POST', path, { json, headers: { cookie: user.headers.cookie! } });
      // The password change still wants the right current password: refused for that, not for the token.
      expect(res.body.error).not.toBe('csrf_token_invalid');
      expect(res.status).toBe(path === '/api/password/change' ? 401 : 200);
    });
  });

  it.each(['GET', 'HEAD'] as const)('%s is a safe method: no token needed', async (method) => {
    const user = await freshUser(h);
    const cookieOnly = { cookie: user.headers.cookie! };
    expect((await h.call(method, '/api/mfa/status', { headers: cookieOnly })).status).toBe(200);
    expect((await h.call(method, '/api/session/me', { headers: cookieOnly })).status).toBe(200);
  });
});
