import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import type { LabHarness } from './harness';
import { demoPassword } from './shared';

export { demoPassword, setToggles, withTogglesOff } from './shared';

export interface Session {
  accessToken: string;
  refreshCookie: string;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function refreshCookieOf(headers: Headers): string | undefined {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('authlab_rt='));
  const value = cookie?.split(';')[0]!.slice('authlab_rt='.length);
  return value || undefined;
}

export async function login(h: LabHarness, email = 'user@authlab.test', rememberMe?: boolean): Promise<Session> {
  const res = await h.call('POST', '/api/jwt/login', {
    json: { email, password: demoPassword(h, email), ...(rememberMe === undefined ? {} : { rememberMe }) },
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return { accessToken: res.body.accessToken, refreshCookie: refreshCookieOf(res.headers)! };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const me = (h: LabHarness, token: string) => h.call('GET', '/api/jwt/me', { headers: bearer(token) });
export const admin = (h: LabHarness, token: string) => h.call('GET', '/api/jwt/admin', { headers: bearer(token) });

export const refresh = (h: LabHarness, cookie: string) =>
  h.call('POST', '/api/jwt/refresh', { json: {}, headers: { cookie: `authlab_rt=${cookie}` } });

/** An unsigned token (`alg: none`) built by hand, as an attacker would. */
export function forgeUnsigned(claims: Record<string, unknown>, alg = 'none'): string {
  return `${base64url({ alg, typ: 'at+jwt' })}.${base64url(claims)}.`;
}

/** The same claims with a new header and payload, keeping the original signature segment. */
export function tamper(token: string, edit: (claims: Record<string, unknown>) => void): string {
  const [header, , signature] = token.split('.');
  const claims = decodeJwt(token) as Record<string, unknown>;
  edit(claims);
  return `${header}.${base64url(claims)}.${signature}`;
}

/** Re-signs the token's claims with HS256 and a key of the attacker's choice. */
export async function resignHs256(
  token: string,
  key: string | Uint8Array,
  edit: (claims: Record<string, unknown>) => void = () => {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const claims = decodeJwt(token) as Record<string, unknown>;
  edit(claims);
  const original = decodeProtectedHeader(token);
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'at+jwt', kid: original.kid, ...header, alg: 'HS256' })
    .sign(typeof key === 'string' ? new TextEncoder().encode(key) : key);
}
