import * as oidc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { ScriptedBrowser, account, demoClients, signIn } from '../helpers/oauth';
import { scanErrorDescriptions } from '../helpers/oauth-lab';

/**
 * The proof of interoperability: openid-client (an independently written,
 * certified OpenID Connect client) runs the whole flow against Lab ID.
 */
describe('openid-client v6 against Lab ID', () => {
  // A real client over real sockets: the one place the OAuth tests need a listening lab.
  const h = useTestLab({ listen: true });
  scanErrorDescriptions(h);

  it('discovers, runs code + PKCE with state and nonce, validates, refreshes, introspects and revokes', async () => {
    const clients = await demoClients(h);
    const yourApp = clients['your-app']!;
    const issuer = new URL(h.lab.origins.idp);
    // Your App registered client_secret_basic, and Lab ID accepts only the registered method (RFC 6749 §5.2).
    const config = await oidc.discovery(
      issuer,
      yourApp.clientId,
      yourApp.clientSecret!,
      oidc.ClientSecretBasic(yourApp.clientSecret!),
      { execute: [oidc.allowInsecureRequests] },
    );
    expect(config.serverMetadata().issuer).toBe(h.lab.origins.idp);

    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const redirectUri = yourApp.redirectUris[0]!;
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email offline_access lab.api',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      max_age: '300',
    });
    const back = await signIn(h, new ScriptedBrowser(), url.toString(), await account(h));
    expect(back.status).toBe(303);
    expect(back.location!.startsWith(`${redirectUri}?`)).toBe(true);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.location!), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
      maxAge: 300,
    });
    const claims = tokens.claims()!;
    expect(claims.iss).toBe(h.lab.origins.idp);
    expect(claims.aud).toBe('your-app');
    expect(claims.nonce).toBe(nonce);
    expect(typeof claims.auth_time).toBe('number');
    expect(tokens.refresh_token).toBeTruthy();

    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo.email).toBe('user@authlab.test');

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    // The old refresh token is spent: its reuse is refused (and revokes the family).
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });

    const fresh = await signIn(h, new ScriptedBrowser(), url.toString(), await account(h));
    const second = await oidc.authorizationCodeGrant(config, new URL(fresh.location!), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    const active = await oidc.tokenIntrospection(config, second.access_token);
    expect(active).toMatchObject({ active: true, client_id: 'your-app', sub: claims.sub });
    await oidc.tokenRevocation(config, second.refresh_token!);
    expect(await oidc.tokenIntrospection(config, second.refresh_token!)).toMatchObject({ active: false });
    expect(await oidc.tokenIntrospection(config, second.access_token)).toMatchObject({ active: false });
  });
});
