import type { LabHarness } from './harness';
import { ScriptedBrowser, hiddenFields } from '../../../src/server/core/scripted-browser';

export { ScriptedBrowser, hiddenFields };

export interface DemoClient {
  clientId: string;
  clientSecret: string | null;
  redirectUris: string[];
}

export async function demoClients(h: LabHarness): Promise<Record<string, DemoClient>> {
  const { body } = await h.call('GET', '/api/lab/oauth/clients');
  return Object.fromEntries((body.clients as DemoClient[]).map((c) => [c.clientId, c]));
}

export async function account(
  h: LabHarness,
  email = 'user@authlab.test',
): Promise<{ email: string; password: string; totpSecret?: string }> {
  const { body } = await h.call('GET', '/api/lab/accounts');
  return (body as Array<{ email: string; password: string; totpSecret?: string }>).find((a) => a.email === email)!;
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** POST a form to the idp origin. */
export async function postForm(
  h: LabHarness,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const response = await h.fetch(h.lab.origins.idp + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

export function authorizeUrl(h: LabHarness, params: Record<string, string>): string {
  const url = new URL(`${h.lab.origins.idp}/authorize`);
  url.search = new URLSearchParams(params).toString();
  return url.toString();
}

/** Drives the real sign-in and consent pages; returns where Lab ID finally redirects (not followed). */
export async function signIn(
  h: LabHarness,
  browser: ScriptedBrowser,
  url: string,
  who: { email: string; password: string },
  decision: 'allow' | 'deny' = 'allow',
) {
  const idp = h.lab.origins.idp;
  const leaves = (u: string) => !u.startsWith(`${idp}/`);
  let page = await browser.navigate(url, leaves);
  if (page.status === 200 && page.text.includes('action="/login"')) {
    page = await browser.navigate(`${idp}/login`, leaves, {
      form: { ...hiddenFields(page.text), email: who.email, password: who.password },
    });
  }
  if (page.status === 200 && page.text.includes('action="/consent"')) {
    page = await browser.request('POST', `${idp}/consent`, { form: { ...hiddenFields(page.text), decision } });
  }
  return page;
}
