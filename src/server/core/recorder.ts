import { EventEmitter } from 'node:events';
import type { TrafficEntry, TrafficMeaning } from '../../common/api';
import type { LabDatabase } from '../db/open';
import type { LabClock } from './clock';

/** Keys whose values are masked in recorded bodies: passwords and one-time codes. */
const MASKED_KEYS = /^(password|currentPassword|newPassword|code|otp|totp|recoveryCodes?)$/i;
const MASK = '••••••';
const MAX_BODY_CHARS = 16_384;
/** The recorder keeps the newest exchanges only; older rows are pruned. */
const MAX_ROWS = 2000;

export type NewTrafficEntry = Omit<TrafficEntry, 'id' | 'at' | 'meanings'> & { at?: string };

/**
 * Masks passwords and TOTP codes in a body: a parsed request body (object),
 * or JSON, form or other text. Tokens stay visible on purpose: inspecting
 * them is the lesson, and they never leave the local database (a lab reset
 * wipes them). Masking happens on the whole body, before it is clipped, so
 * a large body cannot slip a password past it.
 */
export function maskBody(body: unknown, contentType = ''): string | null {
  if (body === null || body === undefined || body === '') return body === '' ? '' : null;
  if (typeof body !== 'string') return clip(JSON.stringify(maskValue(body)));
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(body);
    for (const key of [...params.keys()]) if (MASKED_KEYS.test(key)) params.set(key, MASK);
    return clip(params.toString());
  }
  try {
    return clip(JSON.stringify(maskValue(JSON.parse(body))));
  } catch {
    // Not JSON: mask anything shaped like a secret field in free text.
    return clip(body.replace(MASKED_IN_TEXT, (_m, prefix: string) => prefix + MASK));
  }
}

const MASKED_IN_TEXT =
  /("?(?:password|currentPassword|newPassword|code|otp|totp|recoveryCodes?)"?\s*[:=]\s*)"?[^"&\s,}]*"?/gi;

function clip(text: string): string {
  return text.length > MAX_BODY_CHARS ? text.slice(0, MAX_BODY_CHARS) + '…[truncated]' : text;
}

function maskValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        MASKED_KEYS.test(k) && v !== null && v !== undefined ? MASK : maskValue(v),
      ]),
    );
  }
  return value;
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
