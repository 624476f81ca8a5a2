import { API_SCOPE } from '../settings';
import { signInAndConsent } from '../runs';
import { ScriptedBrowser } from '../../../core/scripted-browser';
import { authorizeUrl, type OAuthAttack } from './scene';

/** The implicit grant: the access token travels in the URL fragment, where anything can read it. */
export const implicitLeak: OAuthAttack = {
  id: 'implicit-leak',
  async run({ lab, steps, victim, issuer, origins, verdict }) {
    const browser = new ScriptedBrowser(lab.fetch);
    steps.push('"Lab Notes" asks for response_type=token (the implicit grant).');
    const back = await signInAndConsent(
      lab,
      browser,
      authorizeUrl(lab, {
        client_id: 'lab-spa',
        redirect_uri: `${origins.client}/spa/callback`,
        scope: API_SCOPE,
        state: 'z',
      }).replace('response_type=code', 'response_type=token'),
      victim,
    );
    const location = back.location ?? '';
    const fragment = new URLSearchParams(location.split('#')[1] ?? '');
    const token = fragment.get('access_token');
    if (!token) {
      steps.push(`Lab ID answered: ${new URL(location || issuer).searchParams.get('error') ?? back.status}.`);
      return verdict(false, 'The implicit grant is refused: tokens never travel in a URL.');
    }
    steps.push(`The access token is in the address bar: ${location.slice(0, 90)}…`);
    steps.push(
      'History, extensions, any script on the page and a Referer-leaking link can read it; nothing binds it to the app.',
    );
    const api = await lab.fetch(`${origins.app}/api/oauth/resource`, {
      headers: { authorization: `Bearer ${token}` },
    });
    steps.push(`Anyone holding it calls the API: ${api.status}.`);
    return verdict(api.status === 200, 'The token leaked through the URL fragment and works for whoever reads it.');
  },
};
