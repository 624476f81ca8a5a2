import { randomToken } from '../../../crypto/random';
import { s256 } from '../pkce';
import { signInAndConsent } from '../runs';
import { ScriptedBrowser } from '../../../core/scripted-browser';
import { authorizeUrl, form, type OAuthAttack } from './scene';

/** An ID token issued to another app, posted to Your App as a login. */
export const idTokenSubstitution: OAuthAttack = {
  id: 'id-token-substitution',
  async run({ lab, steps, victim, issuer, origins, verdict }) {
    // The victim once logged in to "Lab Notes", which the attacker controls: it holds an ID token for the victim.
    const browser = new ScriptedBrowser(lab.fetch);
    const verifier = randomToken(32);
    const redirectUri = `${origins.client}/spa/callback`;
    const back = await signInAndConsent(
      lab,
      browser,
      authorizeUrl(lab, {
        client_id: 'lab-spa',
        redirect_uri: redirectUri,
        scope: 'openid email',
        state: 'n',
        nonce: randomToken(8),
        code_challenge: s256(verifier),
        code_challenge_method: 'S256',
      }),
      victim,
    );
    const code = new URL(back.location ?? redirectUri).searchParams.get('code') ?? '';
    const tokens = (await (
      await lab.fetch(
        `${issuer}/token`,
        form({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: 'lab-spa',
          code_verifier: verifier,
        }),
      )
    ).json()) as Record<string, string>;
    steps.push('The victim signed in to "Lab Notes" (the attacker’s app); it holds an ID token with aud=lab-spa.');
    const response = await lab.fetch(`${origins.client}/id-token-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id_token: tokens.id_token ?? '' }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    steps.push(`The attacker posts that ID token to Your App’s "sign in with an ID token": ${response.status}.`);
    if (response.status === 200) steps.push(`Your App now has a session for ${String(body.email)}.`);
    return verdict(
      response.status === 200,
      response.status === 200
        ? 'Your App accepted a token issued to another app: the attacker is the victim.'
        : 'Your App takes ID tokens only from its own code flow, bound to the nonce it sent: refused.',
    );
  },
};
