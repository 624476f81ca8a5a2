import { describe, expect, it } from 'vitest';
import type { BuiltLab } from '../../../src/server/start';
import { REGISTERED_CLIENT_LIMIT } from '../../../src/server/labs/oauth/settings';
import { authorizeUrl, postForm } from '../helpers/oauth';
import { useOAuthLab } from '../helpers/oauth-lab';

/** Lab ID's dynamic client registration (RFC 7591): who may register, and how much. */
describe('Lab ID registration', () => {
  const { h, codeParams } = useOAuthLab();
  const metadata = { redirect_uris: ['http://127.0.0.1:8080/cb'], token_endpoint_auth_method: 'none' };

  /** A request straight to the idp server, from a chosen socket address. */
  const registerFrom = (remoteAddress: string, headers: Record<string, string> = {}, body: unknown = metadata) =>
    (h.lab as BuiltLab).servers.idp.inject({
      method: 'POST',
      url: '/register',
      remoteAddress,
      headers: { host: new URL(h.lab.origins.idp).host, 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(body),
    });

  describe('the loopback gate reads the socket address only', () => {
    it('a LAN caller forging X-Forwarded-For: 127.0.0.1 is refused, even with ratelimit.ignoreForwardedFor off', async () => {
      await h.call('PUT', '/api/lab/toggles', { json: { 'ratelimit.ignoreForwardedFor': false } });
      try {
        const forged = await registerFrom('192.168.1.50', { 'x-forwarded-for': '127.0.0.1' });
        expect(forged.statusCode).toBe(403);
        expect(forged.json().error).toBe('forbidden');
      } finally {
        await h.call('PUT', '/api/lab/toggles', { json: { 'ratelimit.ignoreForwardedFor': true } });
      }
      expect((await registerFrom('192.168.1.50', { 'x-forwarded-for': '127.0.0.1' })).statusCode).toBe(403);
    });

    it('a loopback socket registers, whatever X-Forwarded-For claims', async () => {
      expect((await registerFrom('127.0.0.1')).statusCode).toBe(201);
      expect((await registerFrom('::1', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(201);
    });
  });

  describe('bounds', () => {
    const register = (body: Record<string, unknown> = {}) => registerFrom('127.0.0.1', {}, { ...metadata, ...body });

    it('refuses a client_name that copies a known client, however it is dressed up, with invalid_client_metadata', async () => {
      for (const copy of ['Your App', 'your app', '  YOUR   APP ', 'Yóur App', 'Your\u200b App', 'Ｙｏｕｒ Ａｐｐ']) {
        const refused = await register({ client_name: copy });
        expect(refused.statusCode, copy).toBe(400);
        expect(refused.json().error).toBe('invalid_client_metadata');
      }
      expect((await register({ client_name: 'My Notes' })).statusCode).toBe(201);
      // Another registered client's name is taken too.
      const again = await register({ client_name: 'my notes' });
      expect(again.statusCode).toBe(400);
      expect(again.json().error_description).toMatch(/^client_name copies the name/);
      expect((await register({ client_name: 'Your App 2' })).statusCode).toBe(201);
    });

    it(`holds at most ${REGISTERED_CLIENT_LIMIT} registered clients, then answers 409 conflict`, async () => {
      for (let i = 0; i < REGISTERED_CLIENT_LIMIT; i++) expect((await register()).statusCode).toBe(201);
      const full = await register();
      expect(full.statusCode).toBe(409);
      expect(full.json().error).toBe('conflict');
      expect(full.json().message).toContain('limit');
      // Reset lab empties the registry.
      await h.call('POST', '/api/lab/reset');
      expect((await register()).statusCode).toBe(201);
    });

    it('sweeps registrations never used after a day on the lab clock, and keeps used ones', async () => {
      const unused = (await register()).json().client_id as string;
      const used = (await register()).json().client_id as string;
      const viaAuthorize = (await register()).json().client_id as string;
      // Used at /token (a public client names itself) and at /authorize (an accepted request).
      const redeem = await postForm(h, '/token', {
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: 'http://127.0.0.1:8080/cb',
        client_id: used,
      });
      expect(redeem.body.error).toBe('invalid_grant');
      const params = { client_id: viaAuthorize, redirect_uri: 'http://127.0.0.1:8080/cb', scope: 'openid' };
      const page = await h.fetch(authorizeUrl(h, { ...codeParams(), ...params }), { redirect: 'manual' });
      expect(page.status).toBe(200);
      const { clients } = h.lab.labs.oauth.services;
      h.lab.labs.oauth.services.sweep();
      expect(clients.find(unused)).toBeDefined();
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 24 * 60 * 60_000 + 1000 } });
      h.lab.labs.oauth.services.sweep();
      expect(clients.find(unused)).toBeUndefined();
      expect(clients.find(used)).toBeDefined();
      expect(clients.find(viaAuthorize)).toBeDefined();
      expect(clients.find('your-app')).toBeDefined();
    });
  });
});
