import { afterEach, beforeAll, expect } from 'vitest';
import { useTestLab } from './index';
import { ScriptedBrowser, account, authorizeUrl, basic, demoClients, postForm, signIn, type DemoClient } from './oauth';

/** RFC 7636 Appendix B: a verifier and its S256 challenge. */
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/**
 * A fresh lab for Lab ID's route tests: the demo clients read once, every
 * OAuth toggle back on and the clock reset after each test, and the code
 * flow helpers the tests share.
 */
export function useOAuthLab() {
  const h = useTestLab({ resetBeforeEach: true });
  const fixtures = {} as { clients: Record<string, DemoClient>; yourApp: DemoClient; redirectUri: string };
  beforeAll(async () => {
    fixtures.clients = await demoClients(h);
    fixtures.yourApp = fixtures.clients['your-app']!;
    fixtures.redirectUri = fixtures.yourApp.redirectUris[0]!;
  });
  afterEach(async () => {
    await h.call('PUT', '/api/lab/toggles', {
      json: {
        'oauth.requirePkce': true,
        'oauth.exactRedirectUri': true,
        'oauth.checkState': true,
        'oauth.singleUseCode': true,
        'oauth.refuseImplicitAndPassword': true,
        'oauth.validateIdToken': true,
      },
    });
    await h.call('POST', '/api/lab/clock', { json: { reset: true } });
  });

  const codeParams = (extra: Record<string, string> = {}) => ({
    response_type: 'code',
    client_id: 'your-app',
    redirect_uri: fixtures.redirectUri,
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

  const redeem = (
    code: string,
    extra: Record<string, string> = {},
    auth = basic('your-app', fixtures.yourApp.clientSecret!),
  ): ReturnType<typeof postForm> =>
    postForm(
      h,
      '/token',
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: fixtures.redirectUri,
        code_verifier: VERIFIER,
        ...extra,
      },
      { authorization: auth },
    );

  return { h, fixtures, codeParams, getCode, redeem };
}
