import type { LabDeclaration } from '../lab-registry';

/** The OAuth lab: Lab ID (authorization server), Your App (relying party), and the attacks between them. */
export const OAUTH_LAB = {
  id: 'oauth-lab',
  title: 'OAuth lab',
  steps: ['code-flow', 'id-token', 'pkce', 'state', 'nonce', 'redirect-uri', 'client-credentials', 'device-flow'],
  toggles: [
    {
      name: 'oauth.requirePkce',
      label: 'Lab ID requires PKCE (S256) on every authorization code request',
      whenOff:
        'A client may skip PKCE, so a malicious app on the same device that intercepts the code redeems it without any verifier.',
      source: 'RFC 7636 §1; RFC 9700 §2.1.1',
    },
    {
      name: 'oauth.exactRedirectUri',
      label: 'redirect_uri must equal a registered value exactly (loopback: any port, RFC 8252)',
      whenOff:
        'Lab ID matches only the host name, so an attacker-built link sends the code to another port or path on that host: the attacker’s page.',
      source: 'RFC 9700 §4.1.3; RFC 6749 §3.1.2.2',
    },
    {
      name: 'oauth.checkState',
      label: 'Your App accepts a callback only with the state it gave this browser',
      whenOff:
        'Your App takes any callback whose state it knows, so an attacker who sends you a link with their own code logs you in to their account (login CSRF).',
      source: 'RFC 6749 §10.12; RFC 9700 §4.7',
    },
    {
      name: 'oauth.singleUseCode',
      label: 'An authorization code works once; a replay revokes what it issued',
      whenOff: 'A leaked code (history, logs, Referer) can be redeemed again for a second set of tokens.',
      source: 'RFC 6749 §4.1.2 and §10.5; RFC 9700 §4.5',
    },
    {
      name: 'oauth.refuseImplicitAndPassword',
      renamedFrom: 'oauth.allowImplicit',
      label: 'Refuse implicit and password grants',
      whenOff:
        'Lab ID accepts the implicit grant (the access token travels in the URL fragment, where history, scripts and the next page can read it) and the password grant (the app collects the user’s password).',
      source: 'RFC 9700 §2.1.2 and §2.4',
    },
    {
      name: 'oauth.validateIdToken',
      label: 'Your App checks the ID token’s signature, iss, aud, exp and nonce',
      whenOff:
        'Your App only decodes the ID token, so one issued to another app (or forged) logs the attacker in as its subject (token substitution).',
      source: 'OpenID Connect Core 1.0 §3.1.3.7; RFC 9700 §4.5.3',
    },
  ],
  attacks: [
    {
      id: 'code-interception',
      title: 'Authorization code interception',
      defeats: ['oauth.requirePkce'],
      step: 'pkce',
      difficulty: 'practitioner',
      references: ['RFC 7636 §1', 'RFC 9700 §2.1.1', 'OAuth 2.1 draft §7.5.1.1'],
      how: [
        'The victim’s CLI app logs in without PKCE; its loopback redirect carries the code.',
        'A malicious app on the same machine listens on that port (or registers the same custom scheme) and reads the code.',
        'It redeems the code at /token with the public client_id: there is no secret to stop it.',
      ],
      defence:
        'PKCE (RFC 7636) binds the code to a secret verifier that never leaves the real app: the token endpoint hashes the verifier and compares it with the challenge sent at the start. RFC 9700 §2.1.1 makes PKCE a MUST for public clients such as this CLI, and RECOMMENDED for confidential clients, which may rely on the OpenID Connect nonce instead. Requiring it of every client is Lab ID’s own policy, close to the OAuth 2.1 draft (§7.5.1.1), so Lab ID refuses requests without it.',
    },
    {
      id: 'redirect-uri',
      title: 'Code sent to the attacker by a loose redirect_uri',
      defeats: ['oauth.exactRedirectUri'],
      step: 'redirect-uri',
      difficulty: 'practitioner',
      references: ['RFC 9700 §4.1.3', 'RFC 6749 §3.1.2.2', 'RFC 8252 §7.3'],
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
      title: 'Login CSRF: logged in as the attacker',
      defeats: ['oauth.checkState'],
      step: 'state',
      difficulty: 'practitioner',
      references: ['RFC 6749 §10.12', 'RFC 9700 §4.7'],
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
      title: 'Authorization code replay',
      defeats: ['oauth.singleUseCode'],
      step: 'code-flow',
      difficulty: 'beginner',
      references: ['RFC 6749 §4.1.2', 'RFC 6749 §10.5', 'RFC 9700 §4.5'],
      how: [
        'Your App redeems a code as usual.',
        'The code leaked (server logs, Referer, history) and someone redeems it again.',
      ],
      defence:
        'RFC 6749 §4.1.2: a code works once, and a second attempt revokes the tokens it already issued, since it means someone else has the code. Codes also expire (5 minutes here) and are bound to the client, redirect_uri and PKCE challenge.',
    },
    {
      id: 'implicit-leak',
      title: 'Token in the URL (implicit grant)',
      defeats: ['oauth.refuseImplicitAndPassword'],
      step: 'code-flow',
      difficulty: 'beginner',
      references: ['RFC 9700 §2.1.2'],
      how: [
        '"Lab Notes" asks for response_type=token.',
        'Lab ID puts the access token in the redirect’s URL fragment.',
        'Whoever reads the address (history, extensions, page scripts, a leaked Referer) calls the API with it.',
      ],
      defence:
        'RFC 9700 §2.1.2: do not use the implicit grant. Tokens in URLs leak, and nothing binds them to the client that asked. Use the code flow with PKCE, where only a one-time code travels in the front channel.',
    },
    {
      id: 'id-token-substitution',
      title: 'ID token substitution',
      defeats: ['oauth.validateIdToken'],
      step: 'nonce',
      difficulty: 'expert',
      references: ['OpenID Connect Core 1.0 §3.1.3.7', 'RFC 9700 §4.5.3'],
      how: [
        'The victim once signed in to "Lab Notes", an app the attacker controls; it holds the victim’s ID token (aud = lab-spa).',
        'The attacker posts that ID token to Your App’s "sign in with an ID token" endpoint.',
        'Your App decodes it and logs the attacker in as the victim.',
      ],
      defence:
        'OIDC Core §3.1.3.7: check the signature, iss, aud (must be you), exp, and the nonce of your own login. An ID token is an assertion for one audience; accepting one issued to another app is impersonation. The nonce ties a token to your session, so a token from elsewhere fails even with the right aud. A posted ID token carries no nonce of yours, so with the defence on Your App refuses that endpoint outright and takes ID tokens only from its own code flow.',
    },
  ],
} as const satisfies LabDeclaration;
