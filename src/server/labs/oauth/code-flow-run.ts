import type { CodeFlowRun, FlowStep } from '../../../common/schemas/oauth';
import { randomToken } from '../../crypto/random';
import { s256 } from './pkce';
import { SignInStopped, basicAuth, type SignInStopReason, demoAccount, signInAndConsent } from './runs';
import { ScriptedBrowser } from '../../core/scripted-browser';
import type { OAuthServices } from './services';
import { API_SCOPE } from './settings';

interface FlowSecrets {
  /** The demo account the scripted browser signs in as. */
  email: string;
  clientId: string;
  redirectUri: string;
  verifier: string;
  challenge: string;
  state: string;
  nonce: string;
}

const STOPPED_BECAUSE: Record<SignInStopReason, string> = {
  mfa_required: 'this account needs a one-time code',
  throttled: 'sign-ins for this account are throttled',
  refused: 'the sign-in was refused',
};

/** The sign-in step of a run Lab ID stopped: no code follows, and the step says why. */
function stoppedAtSignIn(issuer: string, email: string, error: SignInStopped): FlowStep {
  return {
    id: 'sign-in',
    title: `Lab ID stops at sign-in: ${STOPPED_BECAUSE[error.reason]}`,
    channel: 'front',
    from: 'Browser',
    to: 'Lab ID',
    request: { method: 'POST', url: `${issuer}/login` },
    params: [{ name: 'email', value: email, why: error.message }],
  };
}

/** Lab ID's answer to the sign-in: a redirect carrying the code, read from its Location and not followed. */
function callbackStep(issuer: string, state: string, status: number, answer: URL): FlowStep {
  const iss = answer.searchParams.get('iss') ?? '';
  const code = answer.searchParams.get('code') ?? '';
  return {
    id: 'callback',
    title: 'Lab ID redirects to /callback with a code (read, not followed)',
    channel: 'front',
    from: 'Lab ID',
    to: 'Browser',
    response: { status, location: answer.toString() },
    params: [
      {
        name: 'Location',
        value: answer.toString(),
        why: 'This run reads the code from the 302 and does not load Your App’s /callback; “Log in with Lab ID” in Your App does.',
      },
      { name: 'code', value: code, why: 'Single use, 5 minutes, bound to this client, redirect_uri and challenge.' },
      {
        name: 'state',
        value: answer.searchParams.get('state') ?? '',
        why:
          answer.searchParams.get('state') === state
            ? 'Same as sent: this is the answer to our request.'
            : 'Does NOT match.',
      },
      {
        name: 'iss',
        value: iss,
        why: iss === issuer ? 'The issuer we asked: no mix-up (RFC 9207).' : 'Unexpected issuer!',
      },
    ],
  };
}

/** The front channel: Your App's secrets, the browser at /authorize, sign-in and consent, the callback. */
async function frontChannel(lab: OAuthServices, steps: FlowStep[], secrets: FlowSecrets) {
  const issuer = lab.issuer();
  const { clientId, redirectUri, verifier, challenge, state, nonce } = secrets;
  steps.push({
    id: 'pkce',
    title: 'Your App makes PKCE, state and nonce',
    channel: 'local',
    from: 'Your App',
    to: 'Your App',
    params: [
      {
        name: 'code_verifier',
        value: verifier,
        why: '32 random bytes, base64url: the secret only Your App knows (RFC 7636 §4.1).',
      },
      {
        name: 'code_challenge',
        value: challenge,
        why: 'BASE64URL(SHA-256(code_verifier)): sent in the front channel; cannot be reversed.',
      },
      {
        name: 'state',
        value: state,
        why: 'Ties the answer to this browser’s login: stops login CSRF (RFC 6749 §10.12).',
      },
      {
        name: 'nonce',
        value: nonce,
        why: 'Comes back inside the ID token: stops ID token replay and code injection (OIDC Core §3.1.2.1).',
      },
    ],
  });
  const authorize = new URL(`${issuer}/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: `openid profile email offline_access ${API_SCOPE}`,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  steps.push({
    id: 'authorize',
    title: 'The browser is sent to Lab ID’s /authorize',
    channel: 'front',
    from: 'Browser',
    to: 'Lab ID',
    request: { method: 'GET', url: authorize.toString() },
    params: [
      {
        name: 'response_type',
        value: 'code',
        why: 'The code flow: only a short-lived code travels through the browser.',
      },
      { name: 'redirect_uri', value: redirectUri, why: 'Must equal a registered value exactly (RFC 9700 §4.1.3).' },
      {
        name: 'code_challenge_method',
        value: 'S256',
        why: 'plain is refused: it would put the verifier itself in the URL.',
      },
    ],
  });
  const browser = new ScriptedBrowser(lab.fetch);
  const account = demoAccount(lab, secrets.email);
  let back: Awaited<ReturnType<typeof signInAndConsent>>;
  try {
    back = await signInAndConsent(lab, browser, authorize.toString(), account);
  } catch (error) {
    if (!(error instanceof SignInStopped)) throw error;
    steps.push(stoppedAtSignIn(issuer, account.email, error));
    return { code: '', iss: '', stopped: { reason: error.reason, message: error.message } };
  }
  steps.push({
    id: 'sign-in',
    title: back.consentShown
      ? 'The user signs in at Lab ID and allows the scopes'
      : 'The user signs in at Lab ID; consent is remembered, so no consent form',
    channel: 'front',
    from: 'Browser',
    to: 'Lab ID',
    request: { method: 'POST', url: back.consentShown ? `${issuer}/login → ${issuer}/consent` : `${issuer}/login` },
    response: { status: back.status, location: back.location },
    params: [
      { name: 'email', value: account.email, why: 'Only Lab ID ever sees the password; Your App never does.' },
      back.consentShown
        ? { name: 'decision', value: 'allow', why: 'The consent form carries a CSRF token and cannot be framed.' }
        : {
            name: 'consent',
            value: 'remembered',
            why: 'This user already allowed these scopes for Your App: Lab ID redirects straight back.',
          },
    ],
  });
  const answer = new URL(back.location ?? `${redirectUri}?error=no_redirect`);
  const code = answer.searchParams.get('code') ?? '';
  const iss = answer.searchParams.get('iss') ?? '';
  steps.push(callbackStep(issuer, state, back.status, answer));
  return { code, iss, stopped: undefined };
}

/** The back channel: the code swapped for tokens, the ID token checked, the API called. */
async function backChannel(lab: OAuthServices, steps: FlowStep[], secrets: FlowSecrets, code: string) {
  const { ctx } = lab;
  const issuer = lab.issuer();
  const { clientId, redirectUri, verifier, nonce } = secrets;
  const form = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier };
  const tokenResponse = await lab.fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: basicAuth(clientId, lab.demoSecret(clientId)),
    },
    body: new URLSearchParams(form).toString(),
  });
  const tokens = (await tokenResponse.json()) as Record<string, string>;
  steps.push({
    id: 'token',
    title: 'Your App’s backend swaps the code for tokens',
    channel: 'back',
    from: 'Your App',
    to: 'Lab ID',
    request: {
      method: 'POST',
      url: `${issuer}/token`,
      body: { ...form, authorization: 'Basic your-app:•••• (client_secret_basic)' },
    },
    response: { status: tokenResponse.status, body: tokens },
    params: [
      {
        name: 'code_verifier',
        value: verifier,
        why: 'Lab ID hashes it and compares with the challenge: proves this is the party that started.',
      },
    ],
  });
  let idClaims: Record<string, unknown> = {};
  try {
    const { payload } = await lab.keys.verify(tokens.id_token ?? '', {
      issuer,
      audience: clientId,
      currentDate: ctx.clock.now(),
    });
    idClaims = payload;
  } catch {
    idClaims = {};
  }
  steps.push({
    id: 'id-token',
    title: 'Your App validates the ID token',
    channel: 'local',
    from: 'Your App',
    to: 'Your App',
    params: [
      {
        name: 'signature',
        value: idClaims.sub ? 'valid (RS256)' : 'INVALID',
        why: 'Only Lab ID holds the private key. Here the lab server checks with Lab ID’s public key directly; a real client fetches it from /jwks (not a network call in this run).',
      },
      {
        name: 'iss / aud',
        value: `${String(idClaims.iss ?? '')} / ${String(idClaims.aud ?? '')}`,
        why: 'Issued by Lab ID, for Your App: not a token meant for another app.',
      },
      {
        name: 'nonce',
        value: String(idClaims.nonce ?? ''),
        why: idClaims.nonce === nonce ? 'Matches the nonce of this login.' : 'Does NOT match.',
      },
      {
        name: 'auth_time',
        value: String(idClaims.auth_time ?? ''),
        why: 'When the user really signed in (max_age is checked against it).',
      },
    ],
  });
  const api = await lab.fetch(`${ctx.origins.app}/api/oauth/resource`, {
    headers: { authorization: `Bearer ${tokens.access_token ?? ''}` },
  });
  steps.push({
    id: 'api',
    title: 'Your App calls the lab API with the access token',
    channel: 'back',
    from: 'Your App',
    to: 'Lab API',
    request: { method: 'GET', url: `${ctx.origins.app}/api/oauth/resource` },
    response: { status: api.status, body: await api.json().catch(() => null) },
    params: [
      {
        name: 'Authorization',
        value: 'Bearer <access token>',
        why: 'The API checks typ at+jwt, iss, aud = itself and the lab.api scope (RFC 9068).',
      },
    ],
  });
  return tokens;
}

/** The demo account the flow signs in as unless the learner picks another. */
export const DEFAULT_ACCOUNT = 'user@authlab.test';

/** The whole authorization code flow with PKCE, run for real against Lab ID, each step explained. */
export async function runCodeFlow(lab: OAuthServices, email = DEFAULT_ACCOUNT): Promise<CodeFlowRun> {
  lab.ensureDemoClients();
  const steps: FlowStep[] = [];
  const verifier = randomToken(32);
  const secrets: FlowSecrets = {
    email,
    clientId: 'your-app',
    redirectUri: `${lab.ctx.origins.client}/callback`,
    verifier,
    challenge: s256(verifier),
    state: randomToken(16),
    nonce: randomToken(16),
  };
  const { challenge, state, nonce } = secrets;
  const front = await frontChannel(lab, steps, secrets);
  if (front.stopped) {
    // No code, so nothing to swap: the run ends at sign-in and says why, with the ways on.
    const none = { accessToken: null, idToken: null, refreshToken: null };
    return {
      steps,
      account: email,
      stopped: front.stopped,
      verifier,
      challenge,
      state,
      nonce,
      code: '',
      iss: '',
      tokens: none,
    };
  }
  const { code, iss } = front;
  const tokens = await backChannel(lab, steps, secrets, code);
  return {
    steps,
    account: email,
    verifier,
    challenge,
    state,
    nonce,
    code,
    iss,
    tokens: {
      accessToken: tokens.access_token ?? null,
      idToken: tokens.id_token ?? null,
      refreshToken: tokens.refresh_token ?? null,
    },
  };
}
