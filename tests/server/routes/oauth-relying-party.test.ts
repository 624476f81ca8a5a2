import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { ScriptedBrowser, account, signIn } from '../helpers/oauth';
import { scanErrorDescriptions } from '../helpers/oauth-lab';

describe('Your App, the relying party', () => {
  const h = useTestLab({ resetBeforeEach: true });
  scanErrorDescriptions(h);

  async function logIn(browser: ScriptedBrowser, decision: 'allow' | 'deny' = 'allow') {
    const start = await browser.request('GET', `${h.lab.origins.client}/login`);
    expect(start.status).toBe(303);
    const authorize = new URL(start.location!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const back = await signIn(h, browser, start.location!, await account(h), decision);
    return browser.navigate(back.location!);
  }

  it('Back to the spent callback after logging in says so, without a "Login failed" next to "Logged in"', async () => {
    const browser = new ScriptedBrowser(h.fetch);
    const start = await browser.request('GET', `${h.lab.origins.client}/login`);
    const back = await signIn(h, browser, start.location!, await account(h), 'allow');
    expect((await browser.navigate(back.location!)).text).toContain('Logged in as user@authlab.test');
    const again = await browser.navigate(back.location!);
    expect(again.text).toContain('Logged in as user@authlab.test');
    expect(again.text).not.toContain('Login failed');
    expect(again.text).toContain('already used');
  });

  it('"Log in with Lab ID" ends logged in, calls the API, refreshes and logs out', async () => {
    const browser = new ScriptedBrowser(h.fetch);
    const home = await logIn(browser);
    expect(home.text).toContain('Logged in as user@authlab.test');
    expect(home.text).toContain('fully validated');
    expect(browser.cookie('127.0.0.1', 'yourapp_session')).toBeTruthy();
    const api = await browser.navigate(`${h.lab.origins.client}/call-api`, () => false, { form: {}, method: 'POST' });
    expect(api.text).toContain('Lab API answer (200)');
    const refreshed = await browser.navigate(`${h.lab.origins.client}/refresh`, () => false, { form: {} });
    expect(refreshed.text).toContain('Tokens refreshed');
    // The API answer shown was made with the old access token (a 401 "token expired", say): it goes.
    expect(refreshed.text).not.toContain('Lab API answer');
    const crossSite = await browser.request('POST', `${h.lab.origins.client}/logout`, {
      form: {},
      headers: { origin: 'http://localhost:1' },
    });
    expect(crossSite.status).toBe(403);
    const crossSiteMetadata = await browser.request('POST', `${h.lab.origins.client}/logout`, {
      form: {},
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSiteMetadata.status).toBe(403);
    const out = await browser.navigate(`${h.lab.origins.client}/logout`, () => false, { form: {} });
    expect(out.text).toContain('Log in with Lab ID');
    // RP-initiated logout ended the Lab ID session too: the next login asks for the password again.
    const again = await browser.navigate(`${h.lab.origins.client}/login`, (u: string) =>
      u.startsWith(h.lab.origins.client),
    );
    expect(again.text).toContain('action="/login"');
  });

  it('Deny ends with access_denied at the client', async () => {
    const page = await logIn(new ScriptedBrowser(h.fetch), 'deny');
    expect(page.text).toContain('access_denied');
    expect(page.text).toContain('Log in with Lab ID');
  });

  it('refuses a callback with a missing or foreign state, or a wrong iss', async () => {
    const browser = new ScriptedBrowser(h.fetch);
    const missing = await browser.request('GET', `${h.lab.origins.client}/callback?code=abc`);
    expect(missing.location).toContain('error=state_mismatch');
    const start = await browser.request('GET', `${h.lab.origins.client}/login`);
    const state = new URL(start.location!).searchParams.get('state')!;
    const wrongIss = await browser.request(
      'GET',
      `${h.lab.origins.client}/callback?code=abc&state=${state}&iss=${encodeURIComponent('http://evil.example')}`,
    );
    expect(wrongIss.location).toContain('error=issuer_mismatch');
  });

  it('takes an ID token only as JSON, so a cross-site form cannot log a browser in', async () => {
    const form = await h.fetch(`${h.lab.origins.client}/id-token-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'id_token=a.b.c',
    });
    expect(form.status).toBe(415);
    const forged = await h.fetch(`${h.lab.origins.client}/id-token-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id_token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.' }),
    });
    // With oauth.validateIdToken on, no posted ID token is taken at all (see the next test).
    expect(forged.status).toBe(403);
  });

  it('with validateIdToken on, refuses even a valid ID token for your-app that was posted in (no nonce of its own)', async () => {
    const browser = new ScriptedBrowser(h.fetch);
    await logIn(browser);
    const home = await browser.request('GET', `${h.lab.origins.client}/`);
    const idToken = /aria-label="ID token">([^<]+)</.exec(home.text)![1]!;
    const post = () =>
      h.fetch(`${h.lab.origins.client}/id-token-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id_token: idToken }),
      });
    const refused = await post();
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toBe('forbidden');
    expect(refused.headers.get('set-cookie') ?? '').not.toContain('yourapp_session=');
    // The vulnerable mode keeps the attack working: the same token opens a session.
    await h.call('PUT', '/api/lab/toggles', { json: { 'oauth.validateIdToken': false } });
    try {
      const accepted = await post();
      expect(accepted.status).toBe(200);
      expect(accepted.headers.get('set-cookie') ?? '').toContain('yourapp_session=');
    } finally {
      await h.call('PUT', '/api/lab/toggles', { json: { 'oauth.validateIdToken': true } });
    }
  });

  it('Lab ID logout needs a valid id_token_hint and a registered post_logout_redirect_uri', async () => {
    const idp = h.lab.origins.idp;
    const none = await h.fetch(
      `${idp}/logout?post_logout_redirect_uri=${encodeURIComponent(h.lab.origins.client + '/')}`,
      {
        redirect: 'manual',
      },
    );
    expect(none.status).toBe(400);
    expect(none.headers.get('location')).toBeNull();
    const browser = new ScriptedBrowser(h.fetch);
    await logIn(browser);
    const home = await browser.request('GET', `${h.lab.origins.client}/`);
    const idToken = /aria-label="ID token">([^<]+)</.exec(home.text)![1]!;
    const foreign = await h.fetch(
      `${idp}/logout?id_token_hint=${idToken}&post_logout_redirect_uri=${encodeURIComponent('http://localhost:1/')}`,
      { redirect: 'manual' },
    );
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location')).toBeNull();
  });

  it('never answers bad input with a 5xx', async () => {
    const client = h.lab.origins.client;
    const garbage = ['', 'x', '%', '%00', 'a'.repeat(5000), 'é'];
    for (const value of garbage) {
      const v = encodeURIComponent(value);
      for (const path of [
        `/callback?state=${v}&code=${v}&iss=${v}`,
        `/callback?error=${v}&state=${v}`,
        `/?error=${v}`,
      ]) {
        const response = await h.fetch(client + path, { redirect: 'manual' });
        expect(response.status, path).toBeLessThan(500);
      }
      for (const body of [value, JSON.stringify({ id_token: value }), JSON.stringify([value])]) {
        const response = await h.fetch(`${client}/id-token-login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }
      for (const path of ['/call-api', '/refresh', '/logout']) {
        const response = await h.fetch(client + path, {
          method: 'POST',
          headers: { origin: client, cookie: `yourapp_session=${v}` },
          redirect: 'manual',
        });
        expect(response.status, path).toBeLessThan(500);
      }
    }
    for (const path of ['/api/lab/oauth/run/refresh', '/api/lab/oauth/run/device/poll']) {
      for (const json of [{}, { refresh_token: 1, device_code: 1 }, { refresh_token: 'x', device_code: 'x' }]) {
        expect((await h.call('POST', path, { json })).status, path).toBeLessThan(500);
      }
    }
  });
});
