import { describe, expect, it } from 'vitest';
import { startTestLab, useTestLab } from '../helpers';
import { login, me } from '../helpers/session';

describe('session lab: input and contract', () => {
  const h = useTestLab();

  it('bad input gets a clear 4xx, never a 5xx', async () => {
    const { cookie, csrfToken } = await login(h);
    const auth = { cookie, 'x-csrf-token': csrfToken };
    const cases: Array<[string, string, { json?: unknown; body?: string; headers?: Record<string, string> }, number]> =
      [
        ['POST', '/api/session/login', { json: {} }, 400],
        ['POST', '/api/session/login', { json: { email: 'user@authlab.test' } }, 400],
        ['POST', '/api/session/login', { json: { email: 42, password: 'x' } }, 400],
        ['POST', '/api/session/login', { json: { email: 'a@b.co', password: 'x', rememberMe: 'yes' } }, 400],
        ['POST', '/api/session/login', { json: { email: 'a@b.co', password: 'x', admin: true } }, 400],
        ['POST', '/api/session/login', { json: { email: 'a@b.co', password: 'x'.repeat(5000) } }, 400],
        ['POST', '/api/session/login', { body: '{"email":', headers: { 'content-type': 'application/json' } }, 400],
        [
          'POST',
          '/api/session/login',
          { body: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
          415,
        ],
        [
          'POST',
          '/api/session/login',
          { body: 'x'.repeat(70_000), headers: { 'content-type': 'application/json' } },
          413,
        ],
        ['POST', '/api/session/login/mfa', { json: { mfaTicket: 'nope', code: '123456' } }, 401],
        ['POST', '/api/session/login/mfa', { json: { mfaTicket: 'nope' } }, 400],
        ['POST', '/api/session/login/mfa', { json: { mfaTicket: 1, code: 2 } }, 400],
        ['POST', '/api/session/profile', { json: { displayName: '' }, headers: auth }, 400],
        ['POST', '/api/session/profile', { json: { displayName: 'x'.repeat(61) }, headers: auth }, 400],
        ['POST', '/api/session/profile', { json: { displayName: 'a\u0000b' }, headers: auth }, 400],
        ['POST', '/api/session/profile', { json: { displayName: ['x'] }, headers: auth }, 400],
        ['POST', '/api/session/profile', { json: { displayName: 'x', role: 'admin' }, headers: auth }, 400],
        ['DELETE', '/api/session/sessions/short', { headers: auth }, 400],
        ['DELETE', `/api/session/sessions/${'%27'.repeat(20)}`, { headers: auth }, 400],
        ['GET', '/api/lab/session/rows/x', {}, 400],
        ['GET', '/api/session/legacy/enter', {}, 400],
        ['GET', '/api/session/legacy/enter?sid=short', {}, 400],
        ['GET', `/api/session/legacy/enter?sid=${'%00'.repeat(43)}`, {}, 400],
        ['POST', '/api/lab/session/attacker/replay', { json: { source: 'guessed' } }, 400],
        ['POST', '/api/lab/session/attacker/replay', { json: { source: 'stolen' } }, 409],
      ];
    for (const [method, path, options, status] of cases) {
      const res = await h.call(method, path, options);
      expect(res.status, `${method} ${path} ${JSON.stringify(options.json ?? options.body)?.slice(0, 60)}`).toBe(
        status,
      );
      expect(res.body.error).toEqual(expect.any(String));
    }
  });

  it('every session route is in the OpenAPI document', async () => {
    const doc = (await h.call('GET', '/api/docs/json')).body;
    for (const path of [
      '/api/session/login',
      '/api/session/login/mfa',
      '/api/session/me',
      '/api/session/admin',
      '/api/session/logout',
      '/api/session/csrf',
      '/api/session/sessions',
      '/api/session/sessions/{id}',
      '/api/session/profile',
      '/api/lab/session/cookie',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});

describe('session persistence', () => {
  it('a session survives a lab restart on the same data dir', async () => {
    const first = await startTestLab();
    const { cookie } = await login(first);
    await first.close();
    const second = await startTestLab(first.dataDir);
    try {
      expect((await me(second, cookie)).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
