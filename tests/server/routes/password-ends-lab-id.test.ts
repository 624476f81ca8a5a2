import { describe, expect, it } from 'vitest';
import { ScriptedBrowser, authorizeUrl, basic, postForm, signIn } from '../helpers/oauth';
import { useOAuthLab } from '../helpers/oauth-lab';
import { sessionHeaders } from '../helpers/mfa';
import { forgot, freshAccount, mailedLink, reset } from '../helpers/password';

const NEW_PASSWORD = 'a brand new passphrase 7';

/**
 * A new password ends what the old one bought at Lab ID too: its sign-in
 * session, its refresh and access tokens (RFC 9700 §4.14.2; ASVS 5.0 V7.4.3).
 */
describe('a password reset or change signs the user out of Lab ID', () => {
  const { h, fixtures, codeParams, redeem } = useOAuthLab();

  /** A fresh account signed in at Lab ID in a browser, with Your App's tokens for it. */
  async function signedInAtLabId() {
    const who = await freshAccount(h);
    const browser = new ScriptedBrowser(h.fetch);
    const back = await signIn(h, browser, authorizeUrl(h, codeParams()), who);
    const tokens = await redeem(new URL(back.location!).searchParams.get('code')!);
    expect(tokens.status).toBe(200);
    const bearer = { authorization: `Bearer ${tokens.body.access_token as string}` };
    expect((await h.call('GET', '/api/oauth/resource', { headers: bearer })).status).toBe(200);
    return { who, browser, bearer, refreshToken: tokens.body.refresh_token as string };
  }

  async function expectSignedOut(held: Awaited<ReturnType<typeof signedInAtLabId>>) {
    expect((await h.call('GET', '/api/oauth/resource', { headers: held.bearer })).status).toBe(401);
    expect((await h.fetch(`${h.lab.origins.idp}/userinfo`, { headers: held.bearer })).status).toBe(401);
    const refreshed = await postForm(
      h,
      '/token',
      { grant_type: 'refresh_token', refresh_token: held.refreshToken },
      { authorization: basic('your-app', fixtures.yourApp.clientSecret!) },
    );
    expect(refreshed.body.error).toBe('invalid_grant');
    const silent = await held.browser.navigate(authorizeUrl(h, codeParams({ prompt: 'none' })), () => true);
    expect(new URL(silent.location!).searchParams.get('error')).toBe('login_required');
  }

  it('after a reset link: refresh refused, old access token 401, prompt=none gives login_required', async () => {
    const held = await signedInAtLabId();
    expect((await forgot(h, held.who.email)).status).toBe(202);
    const { token } = await mailedLink(h, held.who.email);
    expect((await reset(h, token, NEW_PASSWORD)).status).toBe(200);
    await expectSignedOut(held);
  });

  it('after a change from a signed-in session: the same', async () => {
    const held = await signedInAtLabId();
    const login = await h.call('POST', '/api/session/login', { json: held.who });
    expect(login.status).toBe(200);
    const changed = await h.call('POST', '/api/password/change', {
      json: { currentPassword: held.who.password, newPassword: NEW_PASSWORD },
      headers: sessionHeaders(login.headers, login.body.csrfToken),
    });
    expect(changed.status).toBe(200);
    await expectSignedOut(held);
  });

  it('a wrong current password changes nothing at Lab ID', async () => {
    const held = await signedInAtLabId();
    const login = await h.call('POST', '/api/session/login', { json: held.who });
    const refused = await h.call('POST', '/api/password/change', {
      json: { currentPassword: 'not the password', newPassword: NEW_PASSWORD },
      headers: sessionHeaders(login.headers, login.body.csrfToken),
    });
    expect(refused.status).toBe(401);
    expect((await h.call('GET', '/api/oauth/resource', { headers: held.bearer })).status).toBe(200);
  });
});
