import { expect } from 'vitest';
import type { LabHarness } from './harness';
import { demoAccount } from './shared';

export { demoAccount, setToggles, totpNow } from './shared';

export interface LoggedIn {
  /** The Cookie request header that carries the session. */
  cookie: string;
  /** The raw Set-Cookie line the server sent. */
  setCookie: string;
  csrfToken: string;
}

export const SESSION_COOKIE = 'authlab_sid';

/** The session cookie's Set-Cookie line in a response, if any. */
export function sessionSetCookie(headers: Headers): string | undefined {
  return headers
    .getSetCookie()
    .filter((line) => line.startsWith(`${SESSION_COOKIE}=`))
    .pop();
}

export const cookieHeaderFrom = (setCookie: string) => setCookie.split(';')[0]!;

export async function login(
  h: LabHarness,
  email = 'user@authlab.test',
  options: { rememberMe?: boolean; cookie?: string } = {},
): Promise<LoggedIn> {
  const res = await h.call('POST', '/api/session/login', {
    json: { email, password: demoAccount(h, email).password, ...(options.rememberMe ? { rememberMe: true } : {}) },
    headers: options.cookie ? { cookie: options.cookie } : {},
  });
  expect(res.status).toBe(200);
  const setCookie = sessionSetCookie(res.headers);
  expect(setCookie).toBeDefined();
  return { cookie: cookieHeaderFrom(setCookie!), setCookie: setCookie!, csrfToken: res.body.csrfToken };
}

export const me = (h: LabHarness, cookie: string) => h.call('GET', '/api/session/me', { headers: { cookie } });

/** The attacker origin through 127.0.0.1 (Node may resolve "localhost" to ::1 first). */
export const attackerUrl = (h: LabHarness, path: string) =>
  h.lab.origins.attacker.replace('//localhost:', '//127.0.0.1:') + path;
