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
      walkthrough: {
        goal: 'Play the malicious app on the victim’s machine: catch a code meant for the Lab CLI and redeem it with nothing but the CLI’s public client_id.',
        steps: [
          {
            id: 'authorize',
            task: 'In your browser, start a login for the Lab CLI (client_id=lab-cli) at Lab ID’s /authorize, with the loopback redirect http://127.0.0.1:53682/callback and no PKCE parameters. Sign in as the demo user.',
            hint: 'The CLI is a public native client: its registered redirect is http://127.0.0.1/callback on any port (RFC 8252). Leave out code_challenge and code_challenge_method.',
            answer:
              'http://127.0.0.1:4011/authorize?response_type=code&client_id=lab-cli&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback&scope=openid%20profile&state=cli-1 (default ports; the demo user’s password is on the Accounts page).',
          },
          {
            id: 'catch',
            task: 'Lab ID redirects to port 53682, where nothing listens: your browser shows an error page, and its address bar holds the code. A malicious app bound to that port would read it the same way.',
            hint: 'With PKCE required, Lab ID answers the redirect with error=invalid_request instead of a code.',
            answer:
              'Copy the value of code= from the address bar (http://127.0.0.1:53682/callback?code=…&state=cli-1).',
          },
          {
            id: 'redeem',
            task: 'Redeem the code at Lab ID’s /token as the CLI would, with curl: client_id=lab-cli, the same redirect_uri, and no code_verifier.',
            hint: 'A public client has no secret, so nothing but a PKCE verifier could prove the request comes from the real CLI.',
            answer:
              'curl -s http://127.0.0.1:4011/token -d grant_type=authorization_code -d client_id=lab-cli -d redirect_uri=http://127.0.0.1:53682/callback -d code=PASTE_THE_CODE',
          },
        ],
      },
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
      walkthrough: {
        goal: 'Send the victim a Lab ID link whose redirect_uri is your own page, so their code lands with you and becomes their tokens.',
        victim:
          'The victim (the demo user, signed in to Lab ID) opens any link you send to POST /api/lab/oauth/victim/open, signs in if asked and clicks Allow.',
        steps: [
          {
            id: 'lure',
            task: 'Open the attacker’s page /oauth/redirect-uri on the attacker site and copy its "Sign in with Lab ID" link. Do not click it yourself.',
            hint: 'Look at the link’s redirect_uri: same host name as Lab Notes, but the attacker’s port and path. The PKCE challenge in it is the attacker’s own.',
            answer: 'http://localhost:4013/oauth/redirect-uri, then copy the link with the id lab-id-link.',
          },
          {
            id: 'deliver',
            task: 'Deliver the link to the victim through the lab’s victim helper.',
            hint: 'POST the link as {"url": "…"} to /api/lab/oauth/victim/open on the app origin.',
            answer:
              'curl -s http://127.0.0.1:4010/api/lab/oauth/victim/open -H \'content-type: application/json\' -d \'{"url": "PASTE_THE_LAB_ID_LINK"}\'',
          },
        ],
      },
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
      walkthrough: {
        goal: 'Get the victim’s browser logged in to Your App as you, the attacker, by making it finish a login you started.',
        victim:
          'The victim (the demo user) opens any link you send to POST /api/lab/oauth/victim/open, then looks at Your App.',
        steps: [
          {
            id: 'prepare',
            task: 'Fetch the attacker’s page /oauth/login-csrf with curl: the attacker signs in to Your App as admin@authlab.test, stops before the callback, and prints the callback URL (code and state).',
            hint: 'Use curl, not your browser: the page moves a browser on to the callback, which would spend the code on you.',
            answer: "curl -s http://localhost:4013/oauth/login-csrf | grep -o 'http://127.0.0.1:4012/callback[^<\"]*'",
          },
          {
            id: 'deliver',
            task: 'Send the callback URL to the victim. Their browser finishes the attacker’s login at Your App.',
            hint: 'The URL in the page is HTML-escaped: turn each &amp; back into &. You may also send the attacker page itself: the victim’s browser follows it.',
            answer:
              'curl -s http://127.0.0.1:4010/api/lab/oauth/victim/open -H \'content-type: application/json\' -d \'{"url": "PASTE_THE_CALLBACK_URL"}\'',
          },
        ],
      },
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
      walkthrough: {
        goal: 'Redeem one authorization code twice and get a second set of tokens.',
        steps: [
          {
            id: 'code',
            task: 'In your browser, start a login for Lab Notes (client_id=lab-spa) with the RFC 7636 Appendix B challenge, sign in as the demo user and allow. Lab Notes’ page shows the code in the address bar.',
            hint: 'Lab Notes is a public client with PKCE: code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM and code_challenge_method=S256; its redirect_uri is http://127.0.0.1:4012/spa/callback.',
            answer:
              'http://127.0.0.1:4011/authorize?response_type=code&client_id=lab-spa&redirect_uri=http%3A%2F%2F127.0.0.1%3A4012%2Fspa%2Fcallback&scope=openid%20lab.api&state=r1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256',
          },
          {
            id: 'redeem',
            task: 'Redeem the code at /token with curl, with the matching verifier.',
            hint: 'The verifier of that challenge is dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk.',
            answer:
              'curl -s http://127.0.0.1:4011/token -d grant_type=authorization_code -d client_id=lab-spa -d redirect_uri=http://127.0.0.1:4012/spa/callback -d code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk -d code=PASTE_THE_CODE',
          },
          {
            id: 'replay',
            task: 'Send exactly the same request again, as someone who found the code in a log would.',
            hint: 'Run the same curl command a second time and compare the answers.',
            answer:
              'The same curl command as the step before; with the defence on the second answer is 400 invalid_grant.',
          },
        ],
      },
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
      walkthrough: {
        goal: 'Get an access token through the implicit grant and call the lab API with the copy your address bar shows.',
        steps: [
          {
            id: 'implicit',
            task: 'In your browser, ask Lab ID for a token directly (response_type=token) for Lab Notes, and sign in as the demo user.',
            hint: 'Lab Notes (lab-spa) is registered for the implicit grant; its redirect_uri is http://127.0.0.1:4012/spa/callback.',
            answer:
              'http://127.0.0.1:4011/authorize?response_type=token&client_id=lab-spa&redirect_uri=http%3A%2F%2F127.0.0.1%3A4012%2Fspa%2Fcallback&scope=lab.api&state=i1',
          },
          {
            id: 'token',
            task: 'Look at the address bar of the page you land on: the access token sits after the #.',
            hint: 'With the defence on, the fragment holds error=unsupported_response_type instead.',
            answer:
              'http://127.0.0.1:4012/spa/callback#access_token=…&token_type=Bearer…: copy the access_token value.',
          },
          {
            id: 'call',
            task: 'Call the lab API with that token, as any script or extension that read the address would.',
            hint: 'The lab API on the app origin takes Lab ID access tokens as Bearer tokens.',
            answer: "curl -s http://127.0.0.1:4010/api/oauth/resource -H 'Authorization: Bearer PASTE_THE_TOKEN'",
          },
        ],
      },
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
      walkthrough: {
        goal: 'Log in to Your App as the victim with an ID token that Lab ID issued to another app, Lab Notes.',
        steps: [
          {
            id: 'code',
            task: 'As "Lab Notes" (the attacker’s app), get the victim’s login: start a code flow for lab-spa with scope openid and the RFC 7636 Appendix B challenge, and sign in as the demo user.',
            hint: 'Lab Notes’ redirect_uri is http://127.0.0.1:4012/spa/callback; the code is in the address bar when you land there.',
            answer:
              'http://127.0.0.1:4011/authorize?response_type=code&client_id=lab-spa&redirect_uri=http%3A%2F%2F127.0.0.1%3A4012%2Fspa%2Fcallback&scope=openid%20email&state=s1&nonce=n1&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256',
          },
          {
            id: 'id-token',
            task: 'Redeem the code for Lab Notes’ tokens and keep the id_token. Its aud is lab-spa, not Your App.',
            hint: 'The verifier is dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk. Paste the id_token into the token inspector to see its aud.',
            answer:
              'curl -s http://127.0.0.1:4011/token -d grant_type=authorization_code -d client_id=lab-spa -d redirect_uri=http://127.0.0.1:4012/spa/callback -d code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk -d code=PASTE_THE_CODE',
          },
          {
            id: 'post',
            task: 'Post that ID token to Your App’s "sign in with an ID token" endpoint.',
            hint: 'It takes JSON only: {"id_token": "…"}. A 200 answer names the account you are now logged in as.',
            answer:
              'curl -s http://127.0.0.1:4012/id-token-login -H \'content-type: application/json\' -d \'{"id_token": "PASTE_THE_ID_TOKEN"}\'',
          },
        ],
      },
    },
  ],
} as const satisfies LabDeclaration;
