import { randomToken } from '../../../crypto/random';
import { API_SCOPE } from '../settings';
import { s256 } from '../pkce';
import { signInAndConsent } from '../runs';
import { ScriptedBrowser } from '../../../core/scripted-browser';
import { authorizeUrl, form, type OAuthAttack } from './scene';

/** A redirect_uri the client never registered: the code goes to the attacker’s page. */
export const redirectUri: OAuthAttack = {
  id: 'redirect-uri',
  async run({ lab, steps, victim, issuer, origins, verdict }) {
    const browser = new ScriptedBrowser(lab.fetch);
    const attackerUrl = `http://127.0.0.1:${new URL(origins.attacker).port}/oauth/steal`;
    const verifier = randomToken(32);
    steps.push(
      `The attacker sends the victim a Lab ID link for "Lab Notes" with redirect_uri=${attackerUrl} and the attacker’s own PKCE challenge.`,
    );
    const back = await signInAndConsent(
      lab,
      browser,
      authorizeUrl(lab, {
        client_id: 'lab-spa',
        redirect_uri: attackerUrl,
        scope: `openid ${API_SCOPE}`,
        state: 'x',
        code_challenge: s256(verifier),
        code_challenge_method: 'S256',
      }),
      victim,
    );
    const location = back.location ?? '';
    if (!location.startsWith(attackerUrl)) {
      steps.push(`Lab ID answered ${back.status} with an error page and no redirect.`);
      return verdict(false, 'The redirect_uri is not registered, so Lab ID showed an error and sent nothing anywhere.');
    }
    const code = new URL(location).searchParams.get('code') ?? '';
    steps.push('The victim signs in; Lab ID redirects to the attacker’s page with the code.');
    const stolen = await lab.fetch(
      `${issuer}/token`,
      form({
        grant_type: 'authorization_code',
        code,
        redirect_uri: attackerUrl,
        client_id: 'lab-spa',
        code_verifier: verifier,
      }),
    );
    steps.push(`The attacker redeems it with their own verifier: ${stolen.status}.`);
    return verdict(
      stolen.status === 200,
      'The code reached the attacker’s page and became the victim’s tokens. PKCE cannot help: the attacker made the challenge.',
    );
  },
};
