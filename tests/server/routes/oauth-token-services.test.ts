import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { basic, postForm, type DemoClient } from '../helpers/oauth';
import { useOAuthLab } from '../helpers/oauth-lab';

describe('Lab ID, the authorization server', () => {
  const { h, fixtures, getCode, redeem } = useOAuthLab();
  let yourApp: DemoClient;
  beforeAll(() => {
    yourApp = fixtures.yourApp;
  });

  describe('userinfo, revoke, introspect', () => {
    it('answers userinfo per scope; refuses a missing or bad token with WWW-Authenticate', async () => {
      const tokens = (await redeem((await getCode()).searchParams.get('code')!)).body;
      const info = await h.fetch(`${h.lab.origins.idp}/userinfo`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(await info.json()).toMatchObject({ email: 'user@authlab.test', email_verified: true });
      const none = await h.fetch(`${h.lab.origins.idp}/userinfo`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      const bad = await h.fetch(`${h.lab.origins.idp}/userinfo`, { headers: { authorization: 'Bearer abc.def.ghi' } });
      expect(bad.status).toBe(401);
      expect(bad.headers.get('www-authenticate')).toContain('invalid_token');
    });

    it('the lab API refuses a token without its scope or audience', async () => {
      const tokens = (await redeem((await getCode({ scope: 'openid email' })).searchParams.get('code')!)).body;
      const api = await h.call('GET', '/api/oauth/resource', {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(api.status).toBe(401);
      expect(api.body.message).toContain('audience');
      expect((await h.call('GET', '/api/oauth/resource')).status).toBe(401);
    });

    it('introspection needs an authenticated client; revocation answers 200 and ends the token', async () => {
      const tokens = (await redeem((await getCode()).searchParams.get('code')!)).body;
      const auth = { authorization: basic('your-app', yourApp.clientSecret!) };
      const publicCaller = await postForm(h, '/introspect', { token: tokens.access_token, client_id: 'lab-spa' });
      expect(publicCaller.status).toBe(401);
      expect((await postForm(h, '/introspect', { token: tokens.access_token }, auth)).body.active).toBe(true);
      expect((await postForm(h, '/introspect', { token: 'nonsense' }, auth)).body).toEqual({ active: false });
      const revoked = await postForm(h, '/revoke', { token: tokens.access_token }, auth);
      expect(revoked.status).toBe(200);
      expect((await postForm(h, '/introspect', { token: tokens.access_token }, auth)).body.active).toBe(false);
      expect((await postForm(h, '/revoke', { token: 'unknown' }, auth)).status).toBe(200);
      expect((await postForm(h, '/revoke', { token: tokens.refresh_token }, auth)).status).toBe(200);
      expect((await postForm(h, '/introspect', { token: tokens.refresh_token }, auth)).body.active).toBe(false);
    });

    it('an unsigned or re-signed copy of an access token’s jti neither introspects nor revokes it', async () => {
      const tokens = (await redeem((await getCode()).searchParams.get('code')!)).body;
      const auth = { authorization: basic('your-app', yourApp.clientSecret!) };
      const [header, payload] = tokens.access_token.split('.');
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const forgeries = [
        `${b64({ alg: 'none', typ: 'at+jwt' })}.${payload}.`,
        `${header}.${b64({ ...decodeJwt(tokens.access_token), exp: 1 })}.${tokens.access_token.split('.')[2]}`,
        `${b64({ jti: decodeJwt(tokens.access_token).jti })}`,
      ];
      for (const forged of forgeries) {
        expect((await postForm(h, '/introspect', { token: forged }, auth)).body).toEqual({ active: false });
        expect((await postForm(h, '/revoke', { token: forged }, auth)).status).toBe(200);
      }
      // The real token is still active: none of the forgeries revoked it.
      expect((await postForm(h, '/introspect', { token: tokens.access_token }, auth)).body.active).toBe(true);
      // An expired but genuine token can still be revoked.
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 2 * 60 * 60_000 } });
      expect((await postForm(h, '/revoke', { token: tokens.access_token }, auth)).status).toBe(200);
      expect((await postForm(h, '/introspect', { token: tokens.access_token }, auth)).body.active).toBe(false);
    });
  });

  describe('dynamic registration (RFC 7591)', () => {
    const register = (body: unknown) =>
      h.fetch(`${h.lab.origins.idp}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('registers a loopback caller’s client and returns its secret once', async () => {
      const response = await register({
        redirect_uris: ['http://127.0.0.1:8080/cb'],
        token_endpoint_auth_method: 'client_secret_post',
        client_name: 'Mine',
      });
      expect(response.status).toBe(201);
      const body: any = await response.json();
      expect(body.client_id).toMatch(/^dyn-/);
      expect(body.client_secret).toBeTruthy();
      const cc = await postForm(h, '/token', {
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: 'http://127.0.0.1:8080/cb',
        client_id: body.client_id,
        client_secret: body.client_secret,
      });
      expect(cc.body.error).toBe('invalid_grant');
      // Registered for client_secret_post: the same secret in a Basic header is refused.
      const viaBasic = await postForm(
        h,
        '/token',
        { grant_type: 'authorization_code', code: 'x', redirect_uri: 'http://127.0.0.1:8080/cb' },
        { authorization: basic(body.client_id, body.client_secret) },
      );
      expect(viaBasic.status).toBe(401);
      expect(viaBasic.body.error).toBe('invalid_client');
    });

    it('takes http redirect URIs on 127.0.0.1 and [::1] only, never localhost (RFC 8252 §8.3)', async () => {
      for (const uri of ['http://localhost:8080/cb', 'http://localhost/cb', 'http://LOCALHOST:1/cb']) {
        const refused = await register({ redirect_uris: [uri], token_endpoint_auth_method: 'none' });
        expect(refused.status, uri).toBe(400);
        expect(((await refused.json()) as { error: string }).error).toBe('invalid_redirect_uri');
      }
      for (const uri of ['http://127.0.0.1:8080/cb', 'http://[::1]:8080/cb', 'http://[::1]/cb']) {
        const ok = await register({ redirect_uris: [uri], token_endpoint_auth_method: 'none' });
        expect(ok.status, uri).toBe(201);
      }
    });

    it.each([
      [{ redirect_uris: ['http://evil.example/cb'] }, 'invalid_redirect_uri'],
      [{ redirect_uris: ['https://app.example/cb#x'] }, 'invalid_redirect_uri'],
      [{ redirect_uris: ['not a url'] }, 'invalid_redirect_uri'],
      [{ redirect_uris: 'https://app.example/cb' }, 'invalid_redirect_uri'],
      [{ redirect_uris: [] }, 'invalid_redirect_uri'],
      [{ redirect_uris: ['https://a.example/cb'], grant_types: ['implicit'] }, 'invalid_client_metadata'],
      [{ redirect_uris: ['https://a.example/cb'], grant_types: ['password'] }, 'invalid_client_metadata'],
      [
        { redirect_uris: ['https://a.example/cb'], token_endpoint_auth_method: 'private_key_jwt' },
        'invalid_client_metadata',
      ],
      [{ grant_types: ['client_credentials'], token_endpoint_auth_method: 'none' }, 'invalid_client_metadata'],
      [{ redirect_uris: ['https://a.example/cb'], scope: 'root' }, 'invalid_client_metadata'],
      [[1, 2], 'invalid_client_metadata'],
    ])('refuses bad metadata %j', async (body, error) => {
      const response = await register(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe(error);
    });
  });
});
