import { beforeAll, describe, expect, it } from 'vitest';
import { useOAuthLab } from '../helpers/oauth-lab';

describe('Lab ID, the authorization server', () => {
  const { h, fixtures } = useOAuthLab();
  let redirectUri: string;
  beforeAll(() => {
    redirectUri = fixtures.redirectUri;
  });

  describe('bad input never gets a 5xx', () => {
    const garbage = ['', 'x', '%', '%00', 'a'.repeat(5000), '[]', '{"a":1}', 'é', '../..'];

    it.each([
      '/token',
      '/revoke',
      '/introspect',
      '/device_authorization',
      '/login',
      '/login/mfa',
      '/consent',
      '/device',
    ])('POST %s', async (path) => {
      for (const value of garbage) {
        for (const body of [
          new URLSearchParams({ grant_type: value, code: value, token: value, client_id: value, interaction: value }),
          new URLSearchParams([
            ['client_id', 'lab-spa'],
            ['client_id', 'your-app'],
          ]),
        ]) {
          const response = await h.fetch(`${h.lab.origins.idp}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${value}` },
            body: body.toString(),
          });
          expect(response.status, `${path} ${value}`).toBeGreaterThanOrEqual(400);
          expect(response.status, `${path} ${value}`).toBeLessThan(500);
        }
        const json = await h.fetch(`${h.lab.origins.idp}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: value,
        });
        expect(json.status, `${path} json ${value}`).toBeLessThan(500);
      }
    });

    it('GET /authorize, /consent, /device, /userinfo and POST /register', async () => {
      for (const value of garbage) {
        for (const path of [
          `/authorize?client_id=${encodeURIComponent(value)}&redirect_uri=${encodeURIComponent(value)}`,
          `/authorize?client_id=your-app&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code&scope=${encodeURIComponent(value)}&max_age=${encodeURIComponent(value)}`,
          `/consent?interaction=${encodeURIComponent(value)}`,
          `/device?user_code=${encodeURIComponent(value)}`,
        ]) {
          const response = await h.fetch(`${h.lab.origins.idp}${path}`, { redirect: 'manual' });
          expect(response.status, path).toBeLessThan(500);
        }
        const info = await h.fetch(`${h.lab.origins.idp}/userinfo`, { headers: { authorization: `Bearer ${value}` } });
        expect(info.status).toBeLessThan(500);
        const register = await h.fetch(`${h.lab.origins.idp}/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: value,
        });
        expect(register.status).toBeLessThan(500);
        const api = await h.call('GET', '/api/oauth/resource', { headers: { authorization: `Bearer ${value}` } });
        expect(api.status).toBeLessThan(500);
      }
    });
  });
});
