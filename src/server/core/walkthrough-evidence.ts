/**
 * Reading the recorded traffic for the walkthrough checks (labs/<lab>/walkthroughs.ts).
 * The recorder keeps cookies and opaque tokens as fingerprints and JWTs with
 * their header and payload but a fingerprint for a signature
 * (core/traffic-masking.ts), so a check follows one cookie from exchange to
 * exchange by its fingerprint and reads a JWT's claims, never a secret.
 */
import type { TrafficEntry } from '../../common/schemas/lab';
import { concealCredential } from './traffic-masking';

export type Exchange = TrafficEntry;

export const pathOf = (exchange: Exchange) => exchange.url.split('?')[0] ?? '';

/** A request to this method and path on the app origin. */
export const isCall = (exchange: Exchange, method: string, path: string) =>
  exchange.origin === 'app' && exchange.method === method && pathOf(exchange) === path;

/** "GET /api/session/me → 200": how evidence names an exchange. */
export const said = (exchange: Exchange) => `${exchange.method} ${pathOf(exchange)} → ${exchange.status}`;

/** The value (as recorded: a fingerprint) of one cookie the request carried. */
export function sentCookie(exchange: Exchange, name: string): string | undefined {
  const header = exchange.requestHeaders.cookie ?? '';
  for (const pair of header.split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name && value.length) return value.join('=');
  }
  return undefined;
}

/**
 * The Set-Cookie line that sets one cookie (value as recorded), if any. An
 * answer may clear the old cookie and set a new one (a regenerated session
 * id): the line that sets a value wins.
 */
export function setCookieLine(exchange: Exchange, name: string): string | undefined {
  const lines = (exchange.responseHeaders['set-cookie'] ?? '').split('\n').filter((l) => l.startsWith(`${name}=`));
  return lines.findLast((line) => !line.startsWith(`${name}=;`)) ?? lines.at(-1);
}

/** The value a Set-Cookie line sets (as recorded); undefined when the answer only clears the cookie. */
export function setCookieValue(exchange: Exchange, name: string): string | undefined {
  const value = setCookieLine(exchange, name)
    ?.split(';')[0]
    ?.slice(name.length + 1);
  return value || undefined;
}

/** The bearer token of the request, as recorded. */
export function bearerOf(exchange: Exchange): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(exchange.requestHeaders.authorization ?? '')?.[1];
}

/** A JWT's header and payload (recorded or pasted); null when it is not one. */
export function jwtParts(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } | null {
  const [header, payload] = token.trim().split('.');
  if (!header || payload === undefined) return null;
  try {
    const part = (text: string) => JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    const [h, p] = [part(header), part(payload)];
    if (!h || typeof h !== 'object' || !p || typeof p !== 'object') return null;
    return { header: h as Record<string, unknown>, payload: p as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** How the recorder shows this token in a request: a pasted token is matched to its exchange this way. */
export const recordedForm = (token: string) => concealCredential(token.trim());

/** An answer's JSON body, or {} when it has none. */
export function jsonBody(exchange: Exchange): Record<string, unknown> {
  try {
    const body = JSON.parse(exchange.responseBody ?? '') as unknown;
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The latest exchange that matches, or undefined. */
export function latest(exchanges: readonly Exchange[], match: (exchange: Exchange) => boolean): Exchange | undefined {
  for (let i = exchanges.length - 1; i >= 0; i--) if (match(exchanges[i]!)) return exchanges[i];
  return undefined;
}

/** The exchanges on one origin with this method and path (whatever the query), oldest first. */
export const exchangesTo = (
  exchanges: readonly Exchange[],
  origin: Exchange['origin'],
  method: string,
  path: string,
): Exchange[] => exchanges.filter((e) => e.origin === origin && e.method === method && pathOf(e) === path);

/** The query parameters of a recorded URL or Location header. */
export const queryOf = (url: string) => new URL(url, 'http://lab.invalid').searchParams;

/** The parameters in a URL's fragment (`#access_token=…`), as the implicit grant sends them. */
export const fragmentOf = (url: string) => new URLSearchParams(url.split('#')[1] ?? '');

/** The fields of a recorded request body, as strings: JSON (a parsed form is recorded as JSON too) or a form. */
export function fieldsOf(exchange: Exchange): Record<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(exchange.requestBody ?? '');
  } catch {
    json = undefined;
  }
  const entries =
    json && typeof json === 'object' && !Array.isArray(json)
      ? Object.entries(json)
      : [...new URLSearchParams(exchange.requestBody ?? '')];
  return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}
