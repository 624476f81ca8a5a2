import { describe, expect, it } from 'vitest';
import { ScriptedBrowser, account, authorizeUrl, basic, postForm, signIn } from '../helpers/oauth';
import { useOAuthLab } from '../helpers/oauth-lab';

/** What a password reset or change calls: every Lab ID credential of the user ends (RFC 9700 §4.14.2). */
describe('Lab ID signOutEverywhere(userId)', () => {
  const { h, fixtures, codeParams, redeem } = useOAuthLab();

  it('ends the Lab ID session, the consent, unredeemed codes, access tokens (resource and userinfo) and refresh tokens', async () => {
    const who = await account(h);
    const browser = new ScriptedBrowser(h.fetch);
    const first = await signIn(h, browser, authorizeUrl(h, codeParams()), who);
    const tokens = await redeem(new URL(first.location!).searchParams.get('code')!);
    expect(tokens.status).toBe(200);
    const pending = await signIn(h, browser, authorizeUrl(h, codeParams()), who);
    const unredeemed = new URL(pending.location!).searchParams.get('code')!;
    const bearer = { authorization: `Bearer ${tokens.body.access_token}` };
    expect((await h.call('GET', '/api/oauth/resource', { headers: bearer })).status).toBe(200);

    const userId = h.lab.context.users.findByEmail(who.email)!.id;
    h.lab.labs.oauth.services.signOutEverywhere(userId);

    expect((await h.call('GET', '/api/oauth/resource', { headers: bearer })).status).toBe(401);
    expect((await h.fetch(`${h.lab.origins.idp}/userinfo`, { headers: bearer })).status).toBe(401);
    const refresh = await postForm(
      h,
      '/token',
      { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token },
      { authorization: basic('your-app', fixtures.yourApp.clientSecret!) },
    );
    expect(refresh.body.error).toBe('invalid_grant');
    expect((await redeem(unredeemed)).body.error).toBe('invalid_grant');
    // The browser's Lab ID session is gone: a silent request needs a sign-in again.
    const silent = await browser.navigate(authorizeUrl(h, codeParams({ prompt: 'none' })), () => true);
    expect(new URL(silent.location!).searchParams.get('error')).toBe('login_required');
    // And the consent is forgotten: signing in again shows the consent page.
    const again = await browser.navigate(authorizeUrl(h, codeParams()), (u) => !u.startsWith(h.lab.origins.idp));
    expect(again.text).toContain('action="/login"');
    expect(h.lab.labs.oauth.services.consents.covers(userId, 'your-app', ['openid'])).toBe(false);
  });

  it('leaves other users signed in', async () => {
    const who = await account(h);
    const browser = new ScriptedBrowser(h.fetch);
    const back = await signIn(h, browser, authorizeUrl(h, codeParams()), who);
    const tokens = await redeem(new URL(back.location!).searchParams.get('code')!);
    const admin = h.lab.context.users.findByEmail('admin@authlab.test')!.id;
    h.lab.labs.oauth.services.signOutEverywhere(admin);
    const api = await h.call('GET', '/api/oauth/resource', {
      headers: { authorization: `Bearer ${tokens.body.access_token}` },
    });
    expect(api.status).toBe(200);
  });
});
