import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { TrafficEntry, TrafficMeaning } from '../../common/api';
import type { LabDatabase } from '../db/open';
import type { LabClock } from './clock';

/**
 * Keys whose values are masked in what is recorded: passwords under any usual
 * name (password, new_password, passwd, pass, pwd, passphrase…) and one-time
 * codes. A secret must never be stored in clear (ASVS V7.1.1, V8.3.4).
 */
const MASKED_KEYS = /^(?:[\w-]*pass(?:word|wd|phrase)?|[\w-]*pwd|code|otp|totp|recovery[-_]?codes?)$/i;
/**
 * Keys whose values are live credentials that a copy of the database must not
 * hand out: session ids and MFA tickets. They are replaced by a fingerprint,
 * so the learner can still follow one value from exchange to exchange.
 */
const FINGERPRINTED_KEYS = /^(?:sid|session[-_]?id|mfa[-_]?ticket|ticket)$/i;
/** Cookies that carry a session id (the session lab's authlab_sid, or any *sid / *session* cookie). */
const SESSION_COOKIE_NAME = /(?:sid|session)/i;
const MASK = '••••••';
const MAX_BODY_CHARS = 16_384;
/** Deeper JSON than this is cut, so masking (and storing) a hostile 10,000-level body cannot overflow the stack. */
const MAX_MASK_DEPTH = 32;
/** The recorder keeps the newest exchanges only; older rows are pruned. */
const MAX_ROWS = 2000;

export type NewTrafficEntry = Omit<TrafficEntry, 'id' | 'at' | 'meanings'> & { at?: string };

/** A short, one-way fingerprint: the same value always shows the same mark, and the mark cannot be used as the value. */
export function fingerprint(value: string): string {
  return `[masked:${createHash('sha256').update(value).digest('hex').slice(0, 8)}]`;
}

function maskedFor(key: string, value: string): string | undefined {
  if (MASKED_KEYS.test(key)) return MASK;
  if (FINGERPRINTED_KEYS.test(key)) return fingerprint(value);
  return undefined;
}

/**
 * Masks passwords and TOTP codes, and fingerprints session ids and MFA
 * tickets, in a body: a parsed request body (object), or JSON, form or other
 * text. Tokens stay visible on purpose: inspecting them is the lesson, and
 * they never leave the local database (a lab reset wipes them). Masking
 * happens on the whole body, before it is clipped, so a large body cannot
 * slip a password past it.
 */
export function maskBody(body: unknown, contentType = ''): string | null {
  if (body === null || body === undefined || body === '') return body === '' ? '' : null;
  if (typeof body !== 'string') return clip(JSON.stringify(maskValue(body, 0)));
  if (contentType.includes('application/x-www-form-urlencoded')) return clip(maskQuery(body));
  try {
    return clip(JSON.stringify(maskValue(JSON.parse(body), 0)));
  } catch {
    // Not JSON: mask anything shaped like a secret field in free text, and
    // secret query parameters of URLs in it (an HTML link with ?sid=…).
    return clip(
      body
        .replace(SECRET_IN_TEXT, (whole, prefix: string, key: string, value: string) => {
          const masked = maskedFor(key, value);
          return masked === undefined ? whole : prefix + masked;
        })
        .replace(QUERY_IN_TEXT, (whole, prefix: string, key: string, value: string) => {
          const masked = maskedFor(safeDecode(key), safeDecode(value));
          return masked === undefined ? whole : prefix + encodeURIComponent(masked);
        }),
    );
  }
}

// A key starts only where a word starts and is at most 64 characters, so a
// long run of letters costs linear time, not quadratic backtracking (ReDoS).
const QUERY_IN_TEXT = /([?&;]([\w%-]{1,64})=)([^&;"'\s<>#]*)/g;
const SECRET_IN_TEXT = /("?(?<![\w-])([\w-]{1,64})"?[ \t]*[:=][ \t]*)"?([^"&\s,}]*)"?/g;

/** Masks the secret fields of a query string or form body, leaving the rest exactly as sent. */
function maskQuery(query: string): string {
  return query.replace(/(^|[&;])([^=&;]*)=([^&;]*)/g, (whole, sep: string, rawKey: string, rawValue: string) => {
    const key = safeDecode(rawKey);
    const masked = maskedFor(key, safeDecode(rawValue));
    return masked === undefined ? whole : `${sep}${rawKey}=${encodeURIComponent(masked)}`;
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The URL as stored: passwords and session ids in its query string are masked (`?password=…`, `?sid=…`). */
export function maskUrl(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q + 1) + maskQuery(url.slice(q + 1));
}

/**
 * Headers as stored: session cookies (in cookie and set-cookie) keep their
 * name and attributes but their value becomes a fingerprint, and Basic
 * credentials are masked. A cookie copied out of the traffic table then opens
 * no session (OWASP Session Management Cheat Sheet, "Session ID exposure").
 */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const out = { ...headers };
  if (out.cookie) out.cookie = out.cookie.replace(/(^|;\s*)([^=;\s]+)=([^;]*)/g, maskCookie);
  if (out['set-cookie']) out['set-cookie'] = out['set-cookie'].replace(/(^|\n)([^=;\n]+)=([^;\n]*)/g, maskCookie);
  if (out.authorization && /^basic\s/i.test(out.authorization)) out.authorization = `Basic ${MASK}`;
  return out;
}

function maskCookie(whole: string, sep: string, name: string, value: string): string {
  // An empty value is a cookie being cleared: nothing to hide.
  return SESSION_COOKIE_NAME.test(name) && value ? `${sep}${name}=${fingerprint(value)}` : whole;
}

function clip(text: string): string {
  return text.length > MAX_BODY_CHARS ? text.slice(0, MAX_BODY_CHARS) + '…[truncated]' : text;
}

function maskValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_MASK_DEPTH) return '[nested too deep to record]';
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const masked = v === null || v === undefined ? undefined : maskedFor(k, String(v));
      return [k, masked ?? maskValue(v, depth + 1)];
    }),
  );
}

/** Says in words what an exchange did, for the traffic view. */
export function describeExchange(
  entry: Pick<TrafficEntry, 'status' | 'responseHeaders' | 'responseBody'>,
): TrafficMeaning[] {
  const meanings: TrafficMeaning[] = [];
  const setCookie = entry.responseHeaders['set-cookie'] ?? '';
  if (setCookie) {
    meanings.push(/(max-age=0|expires=thu, 01 jan 1970)/i.test(setCookie) ? 'cookie_cleared' : 'cookie_set');
  }
  if (entry.status < 300 && /"(access_token|accessToken|id_token)"/.test(entry.responseBody ?? ''))
    meanings.push('token_issued');
  if (entry.status === 401) meanings.push('unauthenticated');
  else if (entry.status === 403) meanings.push('forbidden');
  else if (entry.status === 429) meanings.push('rate_limited');
  else if (entry.status >= 500) meanings.push('server_error');
  else if (entry.status >= 400) meanings.push('client_error');
  return meanings;
}

interface RawTraffic {
  id: number;
  at: number;
  origin: TrafficEntry['origin'];
  method: string;
  url: string;
  status: number;
  duration_ms: number;
  request_headers: string;
  response_headers: string;
  request_body: string | null;
  response_body: string | null;
  meanings: string;
}

/** Captures every exchange on every origin into SQLite and streams it to live listeners. */
export class TrafficRecorder {
  private readonly events = new EventEmitter();

  constructor(
    private readonly db: LabDatabase,
    private readonly clock: LabClock,
  ) {
    this.events.setMaxListeners(100);
  }

  record(input: NewTrafficEntry): TrafficEntry {
    const at = input.at ?? this.clock.now().toISOString();
    const meanings = describeExchange(input);
    const result = this.db
      .prepare(
        `INSERT INTO traffic (at, origin, method, url, status, duration_ms, request_headers, response_headers,
                              request_body, response_body, meanings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        Date.parse(at),
        input.origin,
        input.method,
        input.url,
        input.status,
        input.durationMs,
        JSON.stringify(input.requestHeaders),
        JSON.stringify(input.responseHeaders),
        input.requestBody,
        input.responseBody,
        JSON.stringify(meanings),
      );
    const id = Number(result.lastInsertRowid);
    if (id % 100 === 0) this.db.prepare('DELETE FROM traffic WHERE id <= ?').run(id - MAX_ROWS);
    const entry: TrafficEntry = { ...input, id, at, meanings };
    this.events.emit('entry', entry);
    return entry;
  }

  /** Newest last; `afterId` lets a reconnecting stream catch up without gaps. */
  list(options: { afterId?: number; limit?: number } = {}): TrafficEntry[] {
    const limit = Math.min(Math.max(options.limit ?? 500, 1), MAX_ROWS);
    const rows = this.db
      .prepare('SELECT * FROM (SELECT * FROM traffic WHERE id > ? ORDER BY id DESC LIMIT ?) ORDER BY id')
      .all(options.afterId ?? 0, limit) as RawTraffic[];
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      origin: r.origin,
      method: r.method,
      url: r.url,
      status: r.status,
      durationMs: r.duration_ms,
      requestHeaders: JSON.parse(r.request_headers) as Record<string, string>,
      responseHeaders: JSON.parse(r.response_headers) as Record<string, string>,
      requestBody: r.request_body,
      responseBody: r.response_body,
      meanings: JSON.parse(r.meanings) as TrafficMeaning[],
    }));
  }

  clear(): void {
    this.db.prepare('DELETE FROM traffic').run();
    this.events.emit('cleared');
  }

  /** Subscribes to new entries; returns the unsubscribe function. */
  subscribe(onEntry: (entry: TrafficEntry) => void, onCleared?: () => void): () => void {
    this.events.on('entry', onEntry);
    if (onCleared) this.events.on('cleared', onCleared);
    return () => {
      this.events.off('entry', onEntry);
      if (onCleared) this.events.off('cleared', onCleared);
    };
  }
}
