import { generateSync } from 'otplib';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { s256 } from '../../../src/server/labs/oauth/pkce';
import { ScriptedBrowser, account, authorizeUrl, hiddenFields, signIn } from '../helpers/oauth';
import { CHALLENGE, VERIFIER, useOAuthLab } from '../helpers/oauth-lab';

describe('PKCE (RFC 7636)', () => {
  it('matches the Appendix B test vector', () => {
    expect(s256(VERIFIER)).toBe(CHALLENGE);
  });
});

describe('Lab ID, the authorization server', () => {
  const { h, fixtures, codeParams, getCode, redeem } = useOAuthLab();
  let redirectUri: string;
  beforeAll(() => {
    redirectUri = fixtures.redirectUri;
  });

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
    // The token inspector, on the app origin, reads the same keys through the lab helper.
    const helper = await h.call('GET', '/api/lab/oauth/jwks');
    expect(helper.status).toBe(200);
    expect(helper.body).toEqual(jwks);
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
});
