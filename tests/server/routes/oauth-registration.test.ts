import { describe, expect, it } from 'vitest';
import { useOAuthLab } from '../helpers/oauth-lab';

/** Lab ID's dynamic client registration (RFC 7591): who may register, and how much. */
describe('Lab ID registration', () => {
  const { h } = useOAuthLab();
  const metadata = { redirect_uris: ['http://127.0.0.1:8080/cb'], token_endpoint_auth_method: 'none' };

  /** A request straight to the idp server, from a chosen socket address. */
  const registerFrom = (remoteAddress: string, headers: Record<string, string> = {}, body: unknown = metadata) =>
    h.lab.servers.idp.inject({
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
});
