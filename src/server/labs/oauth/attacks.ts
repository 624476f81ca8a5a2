import { OAUTH_ATTACK_IDS, type OAuthAttackId, type OAuthAttackResult } from '../../../common/schemas/oauth';
import { OAUTH_LAB } from '../../../common/labs';
import type { ToggleName } from '../../../common/toggles';
import { randomToken } from '../../crypto/random';
import { API_SCOPE } from './settings';
import type { OAuthServices } from './services';
import { s256 } from './pkce';
import { basicAuth, demoAccount, signInAndConsent } from './runs';
import { ScriptedBrowser } from './scripted-browser';

export const ATTACK_IDS = OAUTH_ATTACK_IDS;
export type AttackId = OAuthAttackId;
export type AttackResult = OAuthAttackResult;

/** The defence each attack tests, as the OAuth lab declares it (common/labs/oauth.ts). */
const TOGGLE_OF = Object.fromEntries(OAUTH_LAB.attacks.map((attack) => [attack.id, attack.defeats[0]])) as Record<
  AttackId,
  ToggleName
>;

const form = (params: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(params).toString(),
});

function authorizeUrl(lab: OAuthServices, params: Record<string, string>) {
  const url = new URL(`${lab.issuer()}/authorize`);
  url.search = new URLSearchParams({ response_type: 'code', ...params }).toString();
  return url.toString();
}

/**
 * Runs one attack against the real servers, as the attacker and the victim
 * would, with the toggles as they are now. The verdict comes from what the
 * servers actually did, never from reading the toggle.
 */
export async function runAttack(lab: OAuthServices, id: AttackId): Promise<AttackResult> {
  lab.ensureDemoClients();
  const toggle = TOGGLE_OF[id];
  const defenceOn = lab.ctx.toggles.isOn(toggle);
  const steps: string[] = [];
  const victim = demoAccount(lab, 'user@authlab.test');
  const attacker = demoAccount(lab, 'admin@authlab.test');
  const issuer = lab.issuer();
  const { origins } = lab.ctx;
  const done = (succeeded: boolean, summary: string): AttackResult => ({
    id,
    toggle,
    defenceOn,
    outcome: succeeded ? 'succeeded' : 'blocked',
    summary,
    steps,
  });

  switch (id) {
    case 'code-interception': {
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
        return done(false, 'Lab ID refuses an authorization request without PKCE, so there is no code to intercept.');
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
      return done(
        stolen.status === 200,
        stolen.status === 200 ? 'The malicious app got the victim’s tokens.' : 'The code alone was not enough.',
      );
    }
    case 'redirect-uri': {
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
        return done(false, 'The redirect_uri is not registered, so Lab ID showed an error and sent nothing anywhere.');
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
      return done(
        stolen.status === 200,
        'The code reached the attacker’s page and became the victim’s tokens. PKCE cannot help: the attacker made the challenge.',
      );
    }
    case 'login-csrf': {
      const attackerBrowser = new ScriptedBrowser(lab.fetch);
      steps.push('The attacker starts "Log in with Lab ID" at Your App and signs in with the attacker’s own account.');
      const start = await attackerBrowser.request('GET', `${origins.client}/login`);
      const back = await signInAndConsent(lab, attackerBrowser, start.location ?? '', attacker);
      const callback = back.location ?? '';
      steps.push('The attacker stops before the callback and sends its URL (code + state) to the victim.');
      const victimBrowser = new ScriptedBrowser(lab.fetch);
      const landed = await victimBrowser.request('GET', callback);
      const home = await victimBrowser.request('GET', `${origins.client}/`);
      const loggedInAsAttacker = home.text.includes(`Logged in as ${attacker.email}`);
      steps.push(
        loggedInAsAttacker
          ? `The victim’s browser is now logged in to Your App as ${attacker.email}: whatever they save goes to the attacker.`
          : `Your App refused the callback (${landed.location ?? landed.status}).`,
      );
      return done(
        loggedInAsAttacker,
        loggedInAsAttacker
          ? 'Login CSRF: the victim uses the attacker’s account.'
          : 'The state was not the one this browser started with.',
      );
    }
    case 'code-replay': {
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
        steps.push(
          `The first access token now gets ${api.status} from the API: a replay revokes what the code issued.`,
        );
      return done(
        second.status === 200,
        second.status === 200
          ? 'The same code gave out tokens twice.'
          : 'The code worked once; the replay revoked its tokens.',
      );
    }
    case 'implicit-leak': {
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
        return done(false, 'The implicit grant is refused: tokens never travel in a URL.');
      }
      steps.push(`The access token is in the address bar: ${location.slice(0, 90)}…`);
      steps.push(
        'History, extensions, any script on the page and a Referer-leaking link can read it; nothing binds it to the app.',
      );
      const api = await lab.fetch(`${origins.app}/api/oauth/resource`, {
        headers: { authorization: `Bearer ${token}` },
      });
      steps.push(`Anyone holding it calls the API: ${api.status}.`);
      return done(api.status === 200, 'The token leaked through the URL fragment and works for whoever reads it.');
    }
    case 'id-token-substitution': {
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
      return done(
        response.status === 200,
        response.status === 200
          ? 'Your App accepted a token issued to another app: the attacker is the victim.'
          : 'Your App takes ID tokens only from its own code flow, bound to the nonce it sent: refused.',
      );
    }
  }
}
