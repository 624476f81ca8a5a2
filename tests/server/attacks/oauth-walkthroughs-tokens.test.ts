import { afterEach, describe, expect, it } from 'vitest';
import { OAUTH_LAB } from '../../../src/common/labs/oauth';
import { useTestLab } from '../helpers';
import { ScriptedBrowser, account, authorizeUrl, postForm, signIn } from '../helpers/oauth';
import { VERIFIER, CHALLENGE } from '../helpers/oauth-lab';
import { doneSteps, setToggles, startAttempt } from './ratelimit-oauth-kit';

/** The token walkthroughs (code interception, implicit grant, ID token substitution) done by hand over HTTP. */
describe('OAuth token walkthroughs, by hand', () => {
  const h = useTestLab({ resetBeforeEach: true });
  afterEach(() =>
    setToggles(h, {
      'oauth.requirePkce': true,
      'oauth.refuseImplicitAndPassword': true,
      'oauth.validateIdToken': true,
    }),
  );
  const checks = (id: string) => h.lab.labs.oauth.attacks.walkthroughs[id as 'code-replay'];
  const spaCallback = () => `${h.lab.origins.client}/spa/callback`;
  const learnerSignsIn = async (params: Record<string, string>) =>
    signIn(h, new ScriptedBrowser(h.fetch), authorizeUrl(h, params), await account(h));

  async function interceptByHand() {
    const redirectUri = 'http://127.0.0.1:53682/callback';
    const back = await learnerSignsIn({
      response_type: 'code',
      client_id: 'lab-cli',
      redirect_uri: redirectUri,
      scope: 'openid profile',
      state: 'cli-1',
    });
    const code = new URL(back.location!).searchParams.get('code');
    if (!code) return null;
    const form = { grant_type: 'authorization_code', client_id: 'lab-cli', redirect_uri: redirectUri, code };
    return (await postForm(h, '/token', form)).status;
  }

  it('code interception: caught and redeemed without PKCE only while PKCE is not required', async () => {
    await setToggles(h, { 'oauth.requirePkce': false });
    const off = startAttempt(h, checks('code-interception'), false);
    expect(await interceptByHand()).toBe(200);
    expect(doneSteps(off.state())).toEqual(['authorize', 'catch', 'redeem']);
    expect(off.state().goal).toBe('succeeded');

    await setToggles(h, { 'oauth.requirePkce': true });
    const on = startAttempt(h, checks('code-interception'), true);
    expect(await interceptByHand()).toBeNull();
    expect(doneSteps(on.state())).toEqual(['authorize']);
    expect(on.state().goal).toBe('refused');
  });

  async function implicitByHand() {
    const back = await learnerSignsIn({
      response_type: 'token',
      client_id: 'lab-spa',
      redirect_uri: spaCallback(),
      scope: 'lab.api',
      state: 'i1',
    });
    const token = new URLSearchParams((back.location ?? '').split('#')[1] ?? '').get('access_token');
    if (!token) return null;
    const api = await h.call('GET', '/api/oauth/resource', { headers: { authorization: `Bearer ${token}` } });
    return api.status;
  }

  it('implicit grant: the token from the address bar calls the API only while the implicit grant is allowed', async () => {
    await setToggles(h, { 'oauth.refuseImplicitAndPassword': false });
    const off = startAttempt(h, checks('implicit-leak'), false);
    expect(await implicitByHand()).toBe(200);
    expect(doneSteps(off.state())).toEqual(['implicit', 'token', 'call']);
    expect(off.state().goal).toBe('succeeded');

    await setToggles(h, { 'oauth.refuseImplicitAndPassword': true });
    const on = startAttempt(h, checks('implicit-leak'), true);
    expect(await implicitByHand()).toBeNull();
    expect(doneSteps(on.state())).toEqual(['implicit']);
    expect(on.state().goal).toBe('refused');
  });

  it('implicit grant: a token from elsewhere (the client credentials run) does not count as the leaked one', async () => {
    await setToggles(h, { 'oauth.refuseImplicitAndPassword': false });
    const attempt = startAttempt(h, checks('implicit-leak'), false);
    expect((await h.call('POST', '/api/lab/oauth/run/client-credentials', { json: {} })).body.api.status).toBe(200);
    expect(attempt.state().steps.call).toBeNull();
    expect(attempt.state().goal).toBeNull();
  });

  async function substituteByHand(clientId = 'lab-spa') {
    const back = await learnerSignsIn({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: spaCallback(),
      scope: 'openid email',
      state: 's1',
      nonce: 'n1',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    });
    const code = new URL(back.location!).searchParams.get('code')!;
    const tokens = await postForm(h, '/token', {
      grant_type: 'authorization_code',
      client_id: clientId,
      redirect_uri: spaCallback(),
      code_verifier: VERIFIER,
      code,
    });
    const posted = await h.fetch(`${h.lab.origins.client}/id-token-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id_token: tokens.body.id_token }),
    });
    return posted.status;
  }

  it('ID token substitution: Lab Notes’ ID token logs in to Your App only without full validation', async () => {
    await setToggles(h, { 'oauth.validateIdToken': false });
    const off = startAttempt(h, checks('id-token-substitution'), false);
    expect(await substituteByHand()).toBe(200);
    expect(doneSteps(off.state())).toEqual(['code', 'id-token', 'post']);
    expect(off.state().goal).toBe('succeeded');

    await setToggles(h, { 'oauth.validateIdToken': true });
    const on = startAttempt(h, checks('id-token-substitution'), true);
    expect(await substituteByHand()).toBe(403);
    expect(doneSteps(on.state())).toEqual(['code', 'id-token', 'post']);
    expect(on.state().goal).toBe('refused');
  });

  it('every declared step has a check, and every check a declared step', () => {
    for (const attack of OAUTH_LAB.attacks) {
      const declared = attack.walkthrough.steps.map((s) => s.id);
      expect(Object.keys(checks(attack.id)!.steps), attack.id).toEqual(declared);
    }
  });
});
