import { API_SCOPE } from './settings';
import type { OAuthServices } from './services';
import { ScriptedBrowser, hiddenFields } from './scripted-browser';

export function demoAccount(lab: OAuthServices, email: string) {
  const account = lab.ctx.users.demoAccounts().find((a) => a.email === email);
  if (!account) throw new Error(`demo account ${email} is missing`);
  return account;
}

export const basicAuth = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/**
 * Drives Lab ID's real pages like a browser would: the sign-in form, then the
 * consent form (Allow). Returns the final redirect back to the client, not followed.
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
  }
  if (page.status === 200 && page.text.includes('action="/consent"')) {
    page = await browser.request('POST', `${issuer}/consent`, { form: { ...hiddenFields(page.text), decision } });
  }
  return page;
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
