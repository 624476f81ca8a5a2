import { api } from '../../api/client';
import type { AttackEntry, AttackResult } from '../../components/attack-catalogue';
import type { OAuthAttackId } from '../../../../common/schemas/oauth';

/**
 * Runs one attack on the lab server, which plays the victim's browser and the
 * attacker against the real Lab ID and Your App with the toggles as they are.
 */
const serverRun = (id: OAuthAttackId) => async (): Promise<AttackResult> => {
  const result = await api('POST /api/lab/oauth/attacks/:id', { params: { id } });
  return { succeeded: result.outcome === 'succeeded', summary: result.summary, steps: result.steps };
};

/** Pages on the attacker origin where you play the victim yourself, in this browser. */
export const OAUTH_ATTACKER_PAGES: Array<{ attack: OAuthAttackId; path: string; label: string }> = [
  { attack: 'login-csrf', path: '/oauth/login-csrf', label: 'Login CSRF: a "free coffee voucher" page' },
  { attack: 'redirect-uri', path: '/oauth/redirect-uri', label: 'Loose redirect_uri: a "shared notes" page' },
];

/** The OAuth attacks, one per defence the lab can switch off. */
export const OAUTH_ATTACKS: AttackEntry[] = [
  {
    id: 'code-interception',
    run: serverRun('code-interception'),
    title: 'Authorization code interception',
    toggles: ['oauth.requirePkce'],
    step: 'pkce',
    how: [
      'The victim’s CLI app logs in without PKCE; its loopback redirect carries the code.',
      'A malicious app on the same machine listens on that port (or registers the same custom scheme) and reads the code.',
      'It redeems the code at /token with the public client_id: there is no secret to stop it.',
    ],
    defence:
      'PKCE (RFC 7636) binds the code to a secret verifier that never leaves the real app: the token endpoint hashes the verifier and compares it with the challenge sent at the start. Required for every client by RFC 9700 §2.1.1, so Lab ID refuses requests without it.',
  },
  {
    id: 'redirect-uri',
    run: serverRun('redirect-uri'),
    title: 'Code sent to the attacker by a loose redirect_uri',
    toggles: ['oauth.exactRedirectUri'],
    step: 'redirect-uri',
    how: [
      'The attacker builds a Lab ID link for the "Lab Notes" app with redirect_uri pointing at the attacker’s page (same host, another port) and their own PKCE challenge.',
      'The victim signs in; Lab ID checks only the host name and redirects there with the code.',
      'The attacker redeems the code with their own verifier.',
    ],
    defence:
      'RFC 9700 §4.1.3: compare redirect_uri with the registered value as exact strings. Any pattern, prefix or host-only match lets an attacker choose where the code goes, and PKCE does not help because the attacker started the flow. Only loopback ports of native apps may vary (RFC 8252 §7.3).',
  },
  {
    id: 'login-csrf',
    run: serverRun('login-csrf'),
    title: 'Login CSRF: logged in as the attacker',
    toggles: ['oauth.checkState'],
    step: 'state',
    how: [
      'The attacker starts "Log in with Lab ID" at Your App with their own account and stops before the callback.',
      'They send the victim the callback URL (their code and state).',
      'The victim’s browser opens it; Your App finishes the login, as the attacker.',
    ],
    defence:
      'state is a one-time value tied to the browser that started the login (RFC 6749 §10.12). Your App keeps it server-side with a hash of a cookie it gave that browser; a callback from a browser that did not start the login is refused. Whatever the victim saves now lands in the attacker’s account.',
  },
  {
    id: 'code-replay',
    run: serverRun('code-replay'),
    title: 'Authorization code replay',
    toggles: ['oauth.singleUseCode'],
    step: 'code-flow',
    how: [
      'Your App redeems a code as usual.',
      'The code leaked (server logs, Referer, history) and someone redeems it again.',
    ],
    defence:
      'RFC 6749 §4.1.2: a code works once, and a second attempt revokes the tokens it already issued, since it means someone else has the code. Codes also expire (5 minutes here) and are bound to the client, redirect_uri and PKCE challenge.',
  },
  {
    id: 'implicit-leak',
    run: serverRun('implicit-leak'),
    title: 'Token in the URL (implicit grant)',
    toggles: ['oauth.allowImplicit'],
    step: 'code-flow',
    how: [
      '"Lab Notes" asks for response_type=token.',
      'Lab ID puts the access token in the redirect’s URL fragment.',
      'Whoever reads the address (history, extensions, page scripts, a leaked Referer) calls the API with it.',
    ],
    defence:
      'RFC 9700 §2.1.2: do not use the implicit grant. Tokens in URLs leak, and nothing binds them to the client that asked. Use the code flow with PKCE, where only a one-time code travels in the front channel. (The toggle’s name keeps the issue’s wording: on = implicit refused.)',
  },
  {
    id: 'id-token-substitution',
    run: serverRun('id-token-substitution'),
    title: 'ID token substitution',
    toggles: ['oauth.validateIdToken'],
    step: 'nonce',
    how: [
      'The victim once signed in to "Lab Notes", an app the attacker controls; it holds the victim’s ID token (aud = lab-spa).',
      'The attacker posts that ID token to Your App’s "sign in with an ID token" endpoint.',
      'Your App decodes it and logs the attacker in as the victim.',
    ],
    defence:
      'OIDC Core §3.1.3.7: check the signature, iss, aud (must be you), exp, and the nonce of your own login. An ID token is an assertion for one audience; accepting one issued to another app is impersonation. The nonce ties a token to your session, so a token from elsewhere fails even with the right aud. A posted ID token carries no nonce of yours, so with the defence on Your App refuses that endpoint outright and takes ID tokens only from its own code flow.',
  },
];
