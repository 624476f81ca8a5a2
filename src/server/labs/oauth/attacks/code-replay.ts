import { randomToken } from '../../../crypto/random';
import { API_SCOPE } from '../settings';
import { s256 } from '../pkce';
import { basicAuth, signInAndConsent } from '../runs';
import { ScriptedBrowser } from '../../../core/scripted-browser';
import { authorizeUrl, form, type OAuthAttack } from './scene';

/** A leaked code redeemed a second time. */
export const codeReplay: OAuthAttack = {
  id: 'code-replay',
  async run({ lab, steps, victim, issuer, origins, verdict }) {
    const browser = new ScriptedBrowser(lab.fetch);
    const verifier = randomToken(32);
    const redirectUri = `${origins.client}/callback`;
    const back = await signInAndConsent(
      lab,
      browser,
      authorizeUrl(lab, {
        client_id: 'your-app',
        redirect_uri: redirectUri,
        scope: `openid ${API_SCOPE}`,
        state: 's',
        code_challenge: s256(verifier),
        code_challenge_method: 'S256',
      }),
      victim,
    );
    const code = new URL(back.location ?? redirectUri).searchParams.get('code') ?? '';
    const exchange = () =>
      lab.fetch(`${issuer}/token`, {
        ...form({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basicAuth('your-app', lab.demoSecret('your-app')),
        },
      });
    const first = await exchange();
    const firstTokens = (await first.json()) as Record<string, string>;
    steps.push(`Your App redeems the code: ${first.status}.`);
    steps.push('The code leaked (a log, the Referer, browser history); someone redeems it again.');
    const second = await exchange();
    steps.push(
      `Second redemption: ${second.status} ${second.status === 200 ? 'a second set of tokens' : 'invalid_grant'}.`,
    );
    const api = await lab.fetch(`${origins.app}/api/oauth/resource`, {
      headers: { authorization: `Bearer ${firstTokens.access_token ?? ''}` },
    });
    if (second.status !== 200)
      steps.push(`The first access token now gets ${api.status} from the API: a replay revokes what the code issued.`);
    return verdict(
      second.status === 200,
      second.status === 200
        ? 'The same code gave out tokens twice.'
        : 'The code worked once; the replay revoked its tokens.',
    );
  },
};
