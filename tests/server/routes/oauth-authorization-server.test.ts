import { generateSync } from 'otplib';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { userCodeLetters } from '../../../src/server/labs/oauth/device-authorization';
import { s256 } from '../../../src/server/labs/oauth/pkce';
import { useTestLab } from '../helpers';
import {
  ScriptedBrowser,
  account,
  authorizeUrl,
  basic,
  demoClients,
  hiddenFields,
  postForm,
  signIn,
  type DemoClient,
} from '../helpers/oauth';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE (RFC 7636)', () => {
  it('matches the Appendix B test vector', () => {
    expect(s256(VERIFIER)).toBe(CHALLENGE);
  });
});

describe('Lab ID, the authorization server', () => {
  const h = useTestLab({ resetBeforeEach: true });
  let clients: Record<string, DemoClient>;
  let yourApp: DemoClient;
  let redirectUri: string;
  beforeAll(async () => {
    clients = await demoClients(h);
    yourApp = clients['your-app']!;
    redirectUri = yourApp.redirectUris[0]!;
  });
  afterEach(async () => {
    await h.call('PUT', '/api/lab/toggles', {
      json: {
        'oauth.requirePkce': true,
        'oauth.exactRedirectUri': true,
        'oauth.checkState': true,
        'oauth.singleUseCode': true,
        'oauth.allowImplicit': true,
        'oauth.validateIdToken': true,
      },
    });
    await h.call('POST', '/api/lab/clock', { json: { reset: true } });
  });

  const codeParams = (extra: Record<string, string> = {}) => ({
    response_type: 'code',
    client_id: 'your-app',
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access lab.api',
    state: 'st-ä &x=1',
    nonce: 'n-123',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  });

  async function getCode(extra: Record<string, string> = {}, who?: { email: string; password: string }) {
    const back = await signIn(
      h,
      new ScriptedBrowser(h.fetch),
      authorizeUrl(h, codeParams(extra)),
      who ?? (await account(h)),
    );
    expect(back.status).toBe(303);
    return new URL(back.location!);
  }

  const redeem = (code: string, extra: Record<string, string> = {}, auth = basic('your-app', yourApp.clientSecret!)) =>
    postForm(
      h,
      '/token',
      { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: VERIFIER, ...extra },
      { authorization: auth },
    );

  it('publishes discovery with issuer == origin, and a JWKS with public members only', async () => {
    const meta: any = await (await h.fetch(`${h.lab.origins.idp}/.well-known/openid-configuration`)).json();
    expect(meta.issuer).toBe(h.lab.origins.idp);
    for (const field of [
      'authorization_endpoint',
      'token_endpoint',
      'jwks_uri',
      'response_types_supported',
      'subject_types_supported',
      'id_token_signing_alg_values_supported',
      'grant_types_supported',
      'token_endpoint_auth_methods_supported',
      'scopes_supported',
    ])
      expect(meta[field], field).toBeTruthy();
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.response_types_supported).toEqual(['code']);
    expect(meta.authorization_response_iss_parameter_supported).toBe(true);
    const jwks: any = await (await h.fetch(meta.jwks_uri)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0].kid).toBeTruthy();
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwks.keys[0]).not.toHaveProperty(secret);
  });

  it('signs in through the real pages: frame-ancestors none, 303 after the credential POST, state and iss echoed', async () => {
    const browser = new ScriptedBrowser(h.fetch);
    const page = await browser.request('GET', authorizeUrl(h, codeParams()));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="email">Email</label>');
    expect(page.text).toContain('<label for="password">Password</label>');
    expect(page.text).toContain('>Sign in</button>');
    const csp = (await h.fetch(authorizeUrl(h, codeParams()))).headers.get('content-security-policy');
    expect(csp).toContain("frame-ancestors 'none'");
    const who = await account(h);
    const login = await browser.request('POST', `${h.lab.origins.idp}/login`, {
      form: { ...hiddenFields(page.text), email: who.email, password: who.password },
    });
    expect(login.status).toBe(303);
    const consent = await browser.request('GET', login.location!);
    expect(consent.text).toContain('>Allow</button>');
    expect(consent.text).toContain('>Deny</button>');
    expect(consent.text).toContain('lab.api');
    const back = await browser.request('POST', `${h.lab.origins.idp}/consent`, {
      form: { ...hiddenFields(consent.text), decision: 'allow' },
    });
    expect(back.status).toBe(303);
    const url = new URL(back.location!);
    expect(`${url.origin}${url.pathname}`).toBe(redirectUri);
    expect(url.searchParams.get('state')).toBe('st-ä &x=1');
    expect(url.searchParams.get('iss')).toBe(h.lab.origins.idp);
    expect(url.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('Deny sends access_denied to the verified redirect_uri, with state and iss', async () => {
    const back = await signIn(h, new ScriptedBrowser(h.fetch), authorizeUrl(h, codeParams()), await account(h), 'deny');
    const url = new URL(back.location!);
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('state')).toBe('st-ä &x=1');
    expect(url.searchParams.get('iss')).toBe(h.lab.origins.idp);
  });

  it('refuses a consent POST without the right CSRF token or from another browser', async () => {
    const browser = new ScriptedBrowser(h.fetch);
    const page = await browser.request('GET', authorizeUrl(h, codeParams()));
    const who = await account(h);
    const login = await browser.request('POST', `${h.lab.origins.idp}/login`, {
      form: { ...hiddenFields(page.text), email: who.email, password: who.password },
    });
    const consent = await browser.request('GET', login.location!);
    const fields = hiddenFields(consent.text);
    const forged = await browser.request('POST', `${h.lab.origins.idp}/consent`, {
      form: { ...fields, csrf: 'x'.repeat(43), decision: 'allow' },
    });
    expect(forged.status).toBe(400);
    expect(forged.location).toBeUndefined();
    const elsewhere = await new ScriptedBrowser(h.fetch).request('POST', `${h.lab.origins.idp}/consent`, {
      form: { ...fields, decision: 'allow' },
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.location).toBeUndefined();
  });

  it('asks the MFA account for a Code through the existing MFA ticket', async () => {
    const who = await account(h, 'mfa@authlab.test');
    const browser = new ScriptedBrowser(h.fetch);
    const page = await browser.request('GET', authorizeUrl(h, codeParams()));
    const mfa = await browser.request('POST', `${h.lab.origins.idp}/login`, {
      form: { ...hiddenFields(page.text), email: who.email, password: who.password },
    });
    expect(mfa.status).toBe(200);
    expect(mfa.text).toContain('<label for="code">Code</label>');
    const wrong = await browser.request('POST', `${h.lab.origins.idp}/login/mfa`, {
      form: { ...hiddenFields(mfa.text), code: '000000' },
    });
    expect(wrong.status).toBe(401);
    const code = generateSync({ secret: who.totpSecret!, epoch: Math.floor(Date.now() / 1000) });
    const ok = await browser.request('POST', `${h.lab.origins.idp}/login/mfa`, {
      form: { ...hiddenFields(wrong.text), code },
    });
    expect(ok.status).toBe(303);
    expect(ok.location).toContain('/consent?interaction=');
  });

  it('issues an ID token with iss, sub, aud, exp, iat, nonce and auth_time, and an at+jwt access token', async () => {
    const code = (await getCode()).searchParams.get('code')!;
    const response = await redeem(code);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const id = decodeJwt(response.body.id_token);
    expect(id).toMatchObject({ iss: h.lab.origins.idp, aud: 'your-app', nonce: 'n-123' });
    for (const claim of ['sub', 'exp', 'iat', 'auth_time']) expect(id[claim], claim).toBeTruthy();
    expect(decodeProtectedHeader(response.body.access_token).typ).toBe('at+jwt');
    const api = await h.call('GET', '/api/oauth/resource', {
      headers: { authorization: `Bearer ${response.body.access_token}` },
    });
    expect(api.status).toBe(200);
  });

  it('max_age=0 makes a signed-in user sign in again', async () => {
    const browser = new ScriptedBrowser(h.fetch);
    await signIn(h, browser, authorizeUrl(h, codeParams()), await account(h));
    const again = await browser.request('GET', authorizeUrl(h, codeParams()));
    expect(again.status).toBe(303); // signed in and consented: straight back
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 2000 } });
    const forced = await browser.request('GET', authorizeUrl(h, codeParams({ max_age: '0' })));
    expect(forced.status).toBe(200);
    expect(forced.text).toContain('action="/login"');
  });

  describe('authorization request errors', () => {
    const port = () => Number(new URL(redirectUri).port);
    const variants = () => [
      ['trailing slash', `${redirectUri}/`],
      ['case', redirectUri.replace('/callback', '/Callback')],
      ['extra query', `${redirectUri}?x=1`],
      ['path suffix', `${redirectUri}/evil`],
      ['dot-dot', `${redirectUri}/../callback`],
      ['encoded dot-dot', `${redirectUri}/%2e%2e/callback`],
      ['userinfo @', redirectUri.replace('http://', 'http://evil@')],
      ['other host', redirectUri.replace('127.0.0.1', 'localhost')],
      ['other port', redirectUri.replace(`:${port()}`, `:${port() + 100}`)],
      ['other scheme', redirectUri.replace('http://', 'https://')],
      ['fragment', `${redirectUri}#frag`],
    ];

    it('refuses every redirect_uri variant with an error page and no redirect', async () => {
      for (const [name, uri] of variants()) {
        const response = await h.fetch(authorizeUrl(h, codeParams({ redirect_uri: uri! })), { redirect: 'manual' });
        expect(response.status, name).toBe(400);
        expect(response.headers.get('location'), name).toBeNull();
      }
    });

    it('an unknown client or a missing redirect_uri gets an error page, never a redirect', async () => {
      for (const params of [codeParams({ client_id: 'nobody' }), codeParams({ redirect_uri: '' })]) {
        const response = await h.fetch(authorizeUrl(h, params), { redirect: 'manual' });
        expect(response.status).toBe(400);
        expect(response.headers.get('location')).toBeNull();
      }
    });

    it('lets a native client use any loopback port (RFC 8252 §7.3), and nothing looser', async () => {
      const native = (uri: string) =>
        h.fetch(
          authorizeUrl(h, {
            ...codeParams({ client_id: 'lab-cli', redirect_uri: uri }),
            scope: 'openid',
          }),
          { redirect: 'manual' },
        );
      expect((await native('http://127.0.0.1:51234/callback')).status).toBe(200);
      expect((await native('http://127.0.0.1/callback')).status).toBe(200);
      for (const uri of [
        'http://127.0.0.1:51234/callback/',
        'http://localhost:51234/callback',
        'http://127.0.0.1:51234/callback?x=1',
        'http://127.0.0.1:51234/%63allback',
        'https://127.0.0.1:51234/callback',
      ])
        expect((await native(uri)).status, uri).toBe(400);
    });

    it('sends RFC 6749 §4.1.2.1 errors to the verified redirect_uri, with state and iss', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{ code_challenge_method: 'plain', code_challenge: VERIFIER }, 'invalid_request'],
        [{ code_challenge_method: '' }, 'invalid_request'],
        [{ code_challenge: 'short' }, 'invalid_request'],
        [{ response_type: 'token' }, 'unsupported_response_type'],
        [{ response_type: 'id_token' }, 'unsupported_response_type'],
        [{ scope: 'openid admin' }, 'invalid_scope'],
        [{ max_age: '-1' }, 'invalid_request'],
        [{ prompt: 'none', max_age: '0' }, 'login_required'],
      ];
      for (const [extra, error] of cases) {
        const response = await h.fetch(authorizeUrl(h, codeParams(extra)), { redirect: 'manual' });
        expect(response.status, JSON.stringify(extra)).toBe(303);
        const url = new URL(response.headers.get('location')!);
        expect(url.searchParams.get('error'), JSON.stringify(extra)).toBe(error);
        expect(url.searchParams.get('iss')).toBe(h.lab.origins.idp);
        expect(url.searchParams.get('state')).toBe('st-ä &x=1');
      }
      const withoutPkce = codeParams();
      delete (withoutPkce as Record<string, string>).code_challenge;
      delete (withoutPkce as Record<string, string>).code_challenge_method;
      const response = await h.fetch(authorizeUrl(h, withoutPkce), { redirect: 'manual' });
      expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
      const twice = await h.fetch(`${authorizeUrl(h, codeParams())}&scope=openid`, { redirect: 'manual' });
      expect(new URL(twice.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    });
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
      await h.call('PUT', '/api/lab/toggles', { json: { 'oauth.allowImplicit': false } });
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
      await h.call('PUT', '/api/lab/toggles', { json: { 'oauth.allowImplicit': false } });
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

  describe('device flow (RFC 8628)', () => {
    it('polls with authorization_pending and slow_down, then gets tokens once the user approves', async () => {
      const start = await postForm(h, '/device_authorization', { client_id: 'lab-cli', scope: 'openid lab.api' });
      expect(start.status).toBe(200);
      expect(start.body.user_code).toMatch(/^[B-Z]{4}-[B-Z]{4}$/);
      expect(start.body.interval).toBe(5);
      const poll = () =>
        postForm(h, '/token', {
          grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
          device_code: start.body.device_code,
          client_id: 'lab-cli',
        });
      expect((await poll()).body.error).toBe('authorization_pending');
      const fast = await poll();
      expect(fast.body.error).toBe('slow_down');
      expect(fast.body.interval).toBe(10);

      const browser = new ScriptedBrowser(h.fetch);
      const who = await account(h);
      let page = await browser.request('GET', start.body.verification_uri_complete);
      expect(page.text).toContain('action="/login"');
      page = await browser.navigate(`${h.lab.origins.idp}/login`, () => false, {
        form: { ...hiddenFields(page.text), email: who.email, password: who.password },
      });
      expect(page.text).toContain(start.body.user_code);
      const approved = await browser.request('POST', `${h.lab.origins.idp}/device`, {
        form: { ...hiddenFields(page.text), user_code: start.body.user_code.toLowerCase(), decision: 'allow' },
      });
      expect(approved.text).toContain('Device connected');
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 11_000 } });
      const tokens = await poll();
      expect(tokens.status).toBe(200);
      expect(tokens.body.access_token).toBeTruthy();
      expect((await poll()).body.error).toBe('invalid_grant');
    });

    it('reports expired_token after 10 minutes and refuses clients without the grant', async () => {
      const start = await postForm(h, '/device_authorization', { client_id: 'lab-cli', scope: 'openid' });
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 11 * 60_000 } });
      const late = await postForm(h, '/token', {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: start.body.device_code,
        client_id: 'lab-cli',
      });
      expect(late.body.error).toBe('expired_token');
      const spa = await postForm(h, '/device_authorization', { client_id: 'lab-spa' });
      expect(spa.body.error).toBe('unauthorized_client');
    });

    it('limits wrong user_code guesses per session on the lab clock (RFC 8628 §5.1)', async () => {
      const start = await postForm(h, '/device_authorization', { client_id: 'lab-cli', scope: 'openid' });
      const browser = new ScriptedBrowser(h.fetch);
      const who = await account(h);
      let page = await browser.request('GET', `${h.lab.origins.idp}/device`);
      page = await browser.navigate(`${h.lab.origins.idp}/login`, () => false, {
        form: { ...hiddenFields(page.text), email: who.email, password: who.password },
      });
      const submit = async (userCode: string) => {
        const answer = await browser.request('POST', `${h.lab.origins.idp}/device`, {
          form: { ...hiddenFields(page.text), user_code: userCode, decision: 'allow' },
        });
        page = answer;
        return answer;
      };
      for (let i = 0; i < 5; i++) expect((await submit('BBBB-BBBB')).status).toBe(400);
      // Over budget, even the right code waits: otherwise guessing would simply continue.
      const blocked = await submit(start.body.user_code);
      expect(blocked.status).toBe(429);
      expect(blocked.text).toContain('Too many wrong codes');
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 9 * 60_000 } });
      const late = await postForm(h, '/device_authorization', { client_id: 'lab-cli', scope: 'openid' });
      expect((await submit(late.body.user_code)).status).toBe(429);
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 6 * 60_000 } });
      const ok = await submit(late.body.user_code);
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('Device connected');
    });

    it('a guess window started while the lab clock was ahead is over once the clock is back', async () => {
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 24 * 60 * 60_000 } });
      const browser = new ScriptedBrowser(h.fetch);
      const who = await account(h);
      let page = await browser.request('GET', `${h.lab.origins.idp}/device`);
      page = await browser.navigate(`${h.lab.origins.idp}/login`, () => false, {
        form: { ...hiddenFields(page.text), email: who.email, password: who.password },
      });
      const submit = async (userCode: string) => {
        page = await browser.request('POST', `${h.lab.origins.idp}/device`, {
          form: { ...hiddenFields(page.text), user_code: userCode, decision: 'allow' },
        });
        return page;
      };
      for (let i = 0; i < 5; i++) await submit('BBBB-BBBB');
      expect((await submit('BBBB-BBBB')).status).toBe(429);
      await h.call('POST', '/api/lab/clock', { json: { reset: true } });
      const start = await postForm(h, '/device_authorization', { client_id: 'lab-cli', scope: 'openid' });
      const ok = await submit(start.body.user_code);
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('Device connected');
    });

    it('draws user-code letters without modulo bias (rejection sampling)', () => {
      // 240..255 would map onto the first 16 letters a second time: they are drawn again.
      const draws = [Buffer.from([255, 240, 0, 19]), Buffer.from([20, 241, 39, 250])];
      const letters = userCodeLetters(4, () => draws.shift()!);
      expect(letters).toBe('BZBZ');
      const counts = new Map<string, number>();
      for (let i = 0; i < 500; i++) for (const c of userCodeLetters(8)) counts.set(c, (counts.get(c) ?? 0) + 1);
      expect(counts.size).toBe(20);
    });
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
