import { API_SCOPE } from './settings';
import type { OAuthServices } from './services';
import { LabError } from '../../core/errors';
import { ScriptedBrowser, hiddenFields, pageError } from '../../core/scripted-browser';

export function demoAccount(lab: OAuthServices, email: string) {
  const account = lab.ctx.users.demoAccounts().find((a) => a.email === email);
  if (!account) throw new Error(`demo account ${email} is missing`);
  return account;
}

export const basicAuth = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export type SignInStopReason = 'mfa_required' | 'throttled' | 'refused';

/** What the learner reads when a scripted sign-in cannot go on, and the ways on. */
const STOP_MESSAGES: Record<SignInStopReason, (email: string, detail: string) => string> = {
  mfa_required: (email) =>
    `${email} has MFA on, so Lab ID asks for a one-time code after the password. Ways on: sign in through Your App and enter the code from the built-in authenticator (MFA lab), use another demo account, or turn MFA off for ${email} in the MFA lab.`,
  throttled: (email, detail) =>
    `Lab ID is throttling sign-ins for ${email}: ${detail} Ways on: reset the counters (rate-limit lab), move the lab clock past the wait, or use another demo account.`,
  refused: (email, detail) => `Lab ID refused the sign-in for ${email}: ${detail}`,
};

/**
 * A scripted sign-in Lab ID did not let through: the account needs a code or
 * is throttled. The run stops here and says so, instead of going on with no code.
 */
export class SignInStopped extends LabError {
  constructor(
    readonly reason: SignInStopReason,
    readonly email: string,
    detail = '',
  ) {
    super(409, 'conflict', STOP_MESSAGES[reason](email, detail), { reason, account: email });
  }
}

/**
 * Drives Lab ID's real pages like a browser would: the sign-in form, then the
 * consent form (Allow). Returns the final redirect back to the client, not followed.
 * Throws SignInStopped when Lab ID stops at sign-in (a code needed, throttled, refused).
 */
export async function signInAndConsent(
  lab: OAuthServices,
  browser: ScriptedBrowser,
  authorizeUrl: string,
  account: { email: string; password: string },
  decision: 'allow' | 'deny' = 'allow',
) {
  const issuer = lab.issuer();
  const leavesIdp = (url: string) => !url.startsWith(`${issuer}/`);
  let page = await browser.navigate(authorizeUrl, leavesIdp);
  if (page.status === 200 && page.text.includes('action="/login"')) {
    page = await browser.navigate(`${issuer}/login`, leavesIdp, {
      form: { ...hiddenFields(page.text), email: account.email, password: account.password },
    });
    if (page.text.includes('action="/login/mfa"')) throw new SignInStopped('mfa_required', account.email);
    if (page.text.includes('action="/login"')) {
      const detail = pageError(page.text) ?? `Lab ID answered ${page.status}.`;
      throw new SignInStopped(page.status === 429 ? 'throttled' : 'refused', account.email, detail);
    }
  }
  // A consent remembered from an earlier run skips the form: Lab ID redirects straight back.
  const consentShown = page.status === 200 && page.text.includes('action="/consent"');
  if (consentShown) {
    page = await browser.request('POST', `${issuer}/consent`, { form: { ...hiddenFields(page.text), decision } });
  }
  return { ...page, consentShown };
}

export async function runClientCredentials(lab: OAuthServices) {
  lab.ensureDemoClients();
  const issuer = lab.issuer();
  const form = { grant_type: 'client_credentials', scope: API_SCOPE };
  const response = await lab.fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: basicAuth('lab-machine', lab.demoSecret('lab-machine')),
    },
    body: new URLSearchParams(form).toString(),
  });
  const tokens = (await response.json()) as Record<string, string>;
  const api = await lab.fetch(`${lab.ctx.origins.app}/api/oauth/resource`, {
    headers: { authorization: `Bearer ${tokens.access_token ?? ''}` },
  });
  return {
    token: { status: response.status, body: tokens },
    api: { status: api.status, body: (await api.json().catch(() => null)) as Record<string, unknown> | null },
  };
}

export async function startDeviceRun(lab: OAuthServices) {
  lab.ensureDemoClients();
  const response = await lab.fetch(`${lab.issuer()}/device_authorization`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'lab-cli', scope: `openid profile ${API_SCOPE}` }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function pollDeviceRun(lab: OAuthServices, deviceCode: string) {
  const response = await lab.fetch(`${lab.issuer()}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: deviceCode,
      client_id: 'lab-cli',
    }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function runRefresh(lab: OAuthServices, refreshToken: string) {
  lab.ensureDemoClients();
  const response = await lab.fetch(`${lab.issuer()}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: basicAuth('your-app', lab.demoSecret('your-app')),
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
