import { beforeAll, describe, expect, it } from 'vitest';
import { ScriptedBrowser, account, authorizeUrl, basic, postForm, signIn, type DemoClient } from '../helpers/oauth';
import { VERIFIER, useOAuthLab } from '../helpers/oauth-lab';

describe('Lab ID, the authorization server', () => {
  const { h, fixtures, codeParams, getCode, redeem } = useOAuthLab();
  let clients: Record<string, DemoClient>;
  let yourApp: DemoClient;
  let redirectUri: string;
  beforeAll(() => {
    clients = fixtures.clients;
    yourApp = fixtures.yourApp;
    redirectUri = fixtures.redirectUri;
  });

  describe('the code', () => {
    it('is refused with a wrong or missing verifier, another client, another redirect_uri, or after 5 minutes', async () => {
      const code = (await getCode()).searchParams.get('code')!;
      expect((await redeem(code, { code_verifier: 'x'.repeat(43) })).body.error).toBe('invalid_grant');
      expect((await redeem(code, { code_verifier: '' })).body.error).toBe('invalid_grant');
      expect((await redeem(code, { redirect_uri: `${redirectUri}/` })).body.error).toBe('invalid_grant');
      const other = await postForm(h, '/token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: VERIFIER,
        client_id: 'lab-spa',
      });
      expect(other.body.error).toBe('invalid_grant');
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 5 * 60_000 + 1000 } });
      expect((await redeem(code)).body.error).toBe('invalid_grant');
    });

    it('a verifier for a code issued without a challenge is refused (PKCE downgrade)', async () => {
      await h.call('PUT', '/api/lab/toggles', { json: { 'oauth.requirePkce': false } });
      const params = codeParams();
      delete (params as Record<string, string>).code_challenge;
      delete (params as Record<string, string>).code_challenge_method;
      const back = await signIn(h, new ScriptedBrowser(h.fetch), authorizeUrl(h, params), await account(h));
      const code = new URL(back.location!).searchParams.get('code')!;
      expect((await redeem(code)).body.error).toBe('invalid_grant');
    });

    it('works once; a replay gets invalid_grant and revokes what the code issued', async () => {
      const code = (await getCode()).searchParams.get('code')!;
      const first = await redeem(code);
      expect(first.status).toBe(200);
      const replay = await redeem(code);
      expect(replay.status).toBe(400);
      expect(replay.body.error).toBe('invalid_grant');
      const api = await h.call('GET', '/api/oauth/resource', {
        headers: { authorization: `Bearer ${first.body.access_token}` },
      });
      expect(api.status).toBe(401);
      const refresh = await postForm(
        h,
        '/token',
        { grant_type: 'refresh_token', refresh_token: first.body.refresh_token },
        { authorization: basic('your-app', yourApp.clientSecret!) },
      );
      expect(refresh.body.error).toBe('invalid_grant');
    });

    it('a replay also revokes the tokens rotated from what the code issued', async () => {
      const code = (await getCode()).searchParams.get('code')!;
      const first = (await redeem(code)).body;
      const rotated = await postForm(
        h,
        '/token',
        { grant_type: 'refresh_token', refresh_token: first.refresh_token },
        { authorization: basic('your-app', yourApp.clientSecret!) },
      );
      expect(rotated.status).toBe(200);
      expect((await redeem(code)).body.error).toBe('invalid_grant');
      const api = await h.call('GET', '/api/oauth/resource', {
        headers: { authorization: `Bearer ${rotated.body.access_token}` },
      });
      expect(api.status).toBe(401);
    });
  });

  describe('the token endpoint', () => {
    const cc = (auth: Record<string, string>, form: Record<string, string> = {}) =>
      postForm(h, '/token', { grant_type: 'client_credentials', scope: 'lab.api', ...form }, auth);

    it('authenticates a confidential client by its registered method only (RFC 6749 §5.2), and nothing else', async () => {
      const machine = clients['lab-machine']!;
      const ok = await cc({ authorization: basic(machine.clientId, machine.clientSecret!) });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('cache-control')).toBe('no-store');
      expect(ok.body.refresh_token).toBeUndefined();
      // lab-machine registered client_secret_basic: the right secret in the body is still refused.
      const post = await cc({}, { client_id: machine.clientId, client_secret: machine.clientSecret! });
      expect(post.status).toBe(401);
      expect(post.body.error).toBe('invalid_client');
      expect(post.body.message).toContain('client_secret_basic');
      const wrong = await cc({ authorization: basic(machine.clientId, 'wrong') });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe('invalid_client');
      expect(wrong.headers.get('www-authenticate')).toContain('Basic');
      const both = await cc(
        { authorization: basic(machine.clientId, machine.clientSecret!) },
        { client_secret: machine.clientSecret! },
      );
      expect(both.status).toBe(400);
      const publicClient = await cc({}, { client_id: 'lab-spa' });
      expect(publicClient.body.error).toBe('unauthorized_client');
      const api = await h.call('GET', '/api/oauth/resource', {
        headers: { authorization: `Bearer ${ok.body.access_token}` },
      });
      expect(api.status).toBe(200);
      expect(api.body.sub).toBe('lab-machine');
    });

    it('refuses the password grant and unknown grants', async () => {
      const who = await account(h);
      const password = await postForm(
        h,
        '/token',
        { grant_type: 'password', username: who.email, password: who.password },
        { authorization: basic('your-app', yourApp.clientSecret!) },
      );
      expect(password.body.error).toBe('unsupported_grant_type');
      await h.call('PUT', '/api/lab/toggles', { json: { 'oauth.refuseImplicitAndPassword': false } });
      const legacy = await postForm(
        h,
        '/token',
        { grant_type: 'password', username: who.email, password: who.password, scope: 'openid' },
        { authorization: basic('your-app', yourApp.clientSecret!) },
      );
      expect(legacy.status).toBe(200);
      expect(legacy.body.id_token).toBeTruthy();
      // Even then only a client registered for the password grant may use it (RFC 6749 §5.2).
      const machine = clients['lab-machine']!;
      const unregistered = await postForm(
        h,
        '/token',
        { grant_type: 'password', username: who.email, password: who.password, scope: 'lab.api' },
        { authorization: basic(machine.clientId, machine.clientSecret!) },
      );
      expect(unregistered.status).toBe(400);
      expect(unregistered.body.error).toBe('unauthorized_client');
      const other = await postForm(h, '/token', { grant_type: 'magic', client_id: 'lab-spa' });
      expect(other.body.error).toBe('unsupported_grant_type');
    });

    it('discovery lists the implicit and password grants only while they are accepted', async () => {
      const grants = async () =>
        ((await (await h.fetch(`${h.lab.origins.idp}/.well-known/openid-configuration`)).json()) as any)
          .grant_types_supported as string[];
      expect(await grants()).not.toContain('password');
      expect(await grants()).not.toContain('implicit');
      await h.call('PUT', '/api/lab/toggles', { json: { 'oauth.refuseImplicitAndPassword': false } });
      expect(await grants()).toEqual(expect.arrayContaining(['password', 'implicit']));
    });

    it('rotates refresh tokens; reuse revokes the family; they are bound to the client and expire when idle', async () => {
      const code = (await getCode()).searchParams.get('code')!;
      const first = (await redeem(code)).body;
      const auth = { authorization: basic('your-app', yourApp.clientSecret!) };
      const refresh = (token: string, extra: Record<string, string> = {}) =>
        postForm(h, '/token', { grant_type: 'refresh_token', refresh_token: token, ...extra }, auth);
      const wider = await refresh(first.refresh_token, { scope: 'openid admin' });
      expect(wider.body.error).toBe('invalid_scope');
      const second = await refresh(first.refresh_token);
      expect(second.status).toBe(200);
      expect(second.body.refresh_token).not.toBe(first.refresh_token);
      const stolen = await refresh(first.refresh_token);
      expect(stolen.body.error).toBe('invalid_grant');
      // Reuse revoked the family: the legitimate newer token is dead too.
      expect((await refresh(second.body.refresh_token)).body.error).toBe('invalid_grant');

      const other = (await redeem((await getCode()).searchParams.get('code')!)).body;
      const wrongClient = await postForm(h, '/token', {
        grant_type: 'refresh_token',
        refresh_token: other.refresh_token,
        client_id: 'lab-spa',
      });
      expect(wrongClient.body.error).toBe('invalid_grant');
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 25 * 60 * 60_000 } });
      expect((await refresh(other.refresh_token)).body.error).toBe('invalid_grant');
    });
    it('of two parallel uses of one refresh token, at most one succeeds', async () => {
      const first = (await redeem((await getCode()).searchParams.get('code')!)).body;
      const auth = { authorization: basic('your-app', yourApp.clientSecret!) };
      const results = await Promise.all(
        [1, 2].map(() =>
          postForm(h, '/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token }, auth),
        ),
      );
      expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
      expect(results.some((r) => r.body.error === 'invalid_grant')).toBe(true);
    });
  });
});
