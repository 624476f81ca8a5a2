import { randomToken } from '../../../crypto/random';
import { signInAndConsent } from '../runs';
import { ScriptedBrowser } from '../../../core/scripted-browser';
import { authorizeUrl, form, type OAuthAttack } from './scene';

/** A native app without PKCE: a malicious app on the same device grabs the loopback redirect and redeems the code. */
export const codeInterception: OAuthAttack = {
  id: 'code-interception',
  async run({ lab, steps, victim, issuer, verdict }) {
    // A native app without PKCE; a malicious app on the same device grabs the loopback redirect.
    const browser = new ScriptedBrowser(lab.fetch);
    const redirectUri = 'http://127.0.0.1:53682/callback';
    steps.push('The victim’s CLI (an old build) starts a login without PKCE, redirect to its loopback port.');
    const back = await signInAndConsent(
      lab,
      browser,
      authorizeUrl(lab, {
        client_id: 'lab-cli',
        redirect_uri: redirectUri,
        scope: 'openid profile',
        state: randomToken(8),
      }),
      victim,
    );
    const location = back.location ? new URL(back.location) : undefined;
    const code = location?.searchParams.get('code');
    if (!code) {
      steps.push(`Lab ID answered ${location?.searchParams.get('error') ?? back.status}: no code was issued.`);
      return verdict(false, 'Lab ID refuses an authorization request without PKCE, so there is no code to intercept.');
    }
    steps.push('A malicious app listening on the same port receives the redirect and reads the code.');
    const stolen = await lab.fetch(
      `${issuer}/token`,
      form({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: 'lab-cli' }),
    );
    const body = (await stolen.json()) as Record<string, unknown>;
    steps.push(
      `It redeems the code with the public client_id only: ${stolen.status} ${String(body.error ?? 'tokens issued')}.`,
    );
    return verdict(
      stolen.status === 200,
      stolen.status === 200 ? 'The malicious app got the victim’s tokens.' : 'The code alone was not enough.',
    );
  },
};
