import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { TrafficEntry, TrafficMeaning } from '../../common/api';
import type { LabDatabase } from '../db/open';
import type { LabClock } from './clock';

/**
 * Keys whose values are masked in what is recorded: passwords under any usual
 * name (password, new_password, passwd, pass, pwd, passphrase…), one-time
 * codes, client secrets and TOTP seeds (secret, otpauthUrl and the QR code
 * that carries it). A secret must never be stored in clear (ASVS 5.0 V16.2.5).
 */
const MASKED_KEYS =
  /^(?:[\w-]*pass(?:word|wd|phrase)?|[\w-]*pwd|otp|totp|recovery[-_]?codes?|[\w-]*secret|otpauth[\w-]*|qr[-_]?data[-_]?url)$/i;
/**
 * Keys whose values are live credentials that a copy of the database must not
 * hand out: session ids, MFA tickets, every kind of token (access, refresh,
 * ID, CSRF), OAuth authorization and device codes, PKCE verifiers and Lab ID's
 * interaction handles. They are replaced by a fingerprint, so the learner can
 * still follow one value from exchange to exchange.
 */
const FINGERPRINTED_KEYS =
  /^(?:sid|session[-_]?id|[\w-]*ticket|[\w-]*token|[\w-]*csrf|interaction|code|device[-_]?code|code[-_]?verifier)$/i;
/** Cookies that carry nothing usable, shown as sent. Every other cookie value is fingerprinted. */
const HARMLESS_COOKIES = new Set(['authlab_probe']);
/** Headers that hold a URL whose query or fragment may carry a code or a token (an OAuth redirect). */
const URL_HEADERS = new Set(['location', 'referer', 'content-location']);
const MASK = '••••••';
/**
 * Shorter values (a six-digit code) have so few possibilities that trying
 * them all would reverse a fingerprint: they are masked outright.
 */
const MIN_FINGERPRINT_LENGTH = 16;
/**
 * A JWT in any text: a header that starts `eyJ` (base64url of `{"`), a
 * payload and a non-empty signature. It may only start where a base64url run
 * starts, and each part is one run, so scanning stays linear (no ReDoS).
 */
const JWT_IN_TEXT = /(?<![\w-])(eyJ[\w-]+\.[\w-]*\.)([\w-]+)/g;
const WHOLE_JWT = /^(eyJ[\w-]+\.[\w-]*\.)[\w-]+$/;
const MAX_BODY_CHARS = 16_384;
/** Deeper JSON than this is cut, so masking (and storing) a hostile 10,000-level body cannot overflow the stack. */
const MAX_MASK_DEPTH = 32;
/** The recorder keeps the newest exchanges only; older rows are pruned. */
const MAX_ROWS = 2000;
/**
 * Exchanges waiting for the write past MAX_ROWS are dropped in steps of this
 * many: a flood keeps about MAX_ROWS exchanges alive, not twice as many.
 */
const TRIM_STEP = 256;

export type NewTrafficEntry = Omit<TrafficEntry, 'id' | 'at' | 'meanings'> & { at?: string };

/** Marks worked out lately, by value: a client sends the same cookie or token in exchange after exchange. */
const recentMarks = new Map<string, string>();
const MAX_RECENT_MARKS = 1000;

/** A short, one-way fingerprint: the same value always shows the same mark, and the mark cannot be used as the value. */
export function fingerprint(value: string): string {
  let mark = recentMarks.get(value);
  if (mark === undefined) {
    mark = `[masked:${createHash('sha256').update(value).digest('hex').slice(0, 8)}]`;
    // Kept in this process's memory only, never stored.
    if (recentMarks.size >= MAX_RECENT_MARKS) recentMarks.clear();
    recentMarks.set(value, mark);
  }
  return mark;
}

/**
 * A credential as stored. A JWT keeps its header and payload (reading them is
 * the inspector's lesson) but its signature becomes the fingerprint of the
 * whole token, so no server accepts it (RFC 7515 §5.2). Anything else long
 * enough becomes its fingerprint; a short value is masked.
 */
export function concealCredential(value: string): string {
  const jwt = WHOLE_JWT.exec(value);
  return jwt ? jwt[1] + fingerprint(value) : concealOpaque(value);
}

/** A fingerprint, or a plain mask for a value too short to fingerprint safely. */
function concealOpaque(value: string): string {
  return value.length >= MIN_FINGERPRINT_LENGTH ? fingerprint(value) : MASK;
}

/** Removes the signature of every JWT in a text (see concealCredential). */
export function maskJwts(text: string): string {
  if (!text.includes('eyJ')) return text;
  return text.replace(JWT_IN_TEXT, (whole, signingInput: string) => signingInput + fingerprint(whole));
}

/** What a key's value gets. */
type KeyKind = 'masked' | 'fingerprinted' | 'shown';
/** Kinds by key, worked out once per key: the same few header and field names come back in every exchange. */
const keyKinds = new Map<string, KeyKind>();
const MAX_KNOWN_KEYS = 1000;

function kindOf(key: string): KeyKind {
  let kind = keyKinds.get(key);
  if (kind === undefined) {
    kind = MASKED_KEYS.test(key) ? 'masked' : FINGERPRINTED_KEYS.test(key) ? 'fingerprinted' : 'shown';
    if (keyKinds.size >= MAX_KNOWN_KEYS) keyKinds.clear();
    keyKinds.set(key, kind);
  }
  return kind;
}

function maskedFor(key: string, value: unknown): string | undefined {
  const kind = kindOf(key);
  if (kind === 'masked') return MASK;
  if (kind === 'fingerprinted') return typeof value === 'string' ? concealCredential(value) : MASK;
  return undefined;
}

/**
 * Masks passwords and one-time codes, and fingerprints session ids, tickets
 * and tokens, in a body: a parsed request body (object), or JSON, form, HTML
 * or other text. A JWT anywhere keeps its header and payload (inspecting them
 * is the lesson) but loses its signature. Masking happens on the whole body,
 * before it is clipped, so a large body cannot slip a secret past it.
 */
export function maskBody(body: unknown, contentType = ''): string | null {
  if (body === null || body === undefined || body === '') return body === '' ? '' : null;
  if (typeof body !== 'string') return clip(JSON.stringify(maskValue(body, 0)));
  if (contentType.includes('application/x-www-form-urlencoded')) return clip(maskJwts(maskQuery(body)));
  try {
    return clip(JSON.stringify(maskValue(JSON.parse(body), 0)));
  } catch {
    // Not JSON: mask what a page hands to its next request (hidden inputs),
    // tokens shown in text areas, anything shaped like a secret field in free
    // text, secret query parameters of URLs in it (an HTML link with ?sid=…),
    // and the signature of any JWT.
    return clip(
      maskJwts(
        body
          .replace(INPUT_TAG, maskHiddenInput)
          .replace(TEXTAREA, maskTextarea)
          .replace(SECRET_IN_TEXT, (whole, prefix: string, key: string, value: string) => {
            const masked = maskedFor(key, value);
            return masked === undefined ? whole : prefix + masked;
          })
          .replace(QUERY_IN_TEXT, maskQueryInText),
      ),
    );
  }
}

// A key starts only where a word starts and is at most 64 characters, so a
// long run of letters costs linear time, not quadratic backtracking (ReDoS).
const QUERY_IN_TEXT = /([?&;#]([\w%-]{1,64})=)([^&;"'\s<>#]*)/g;
const maskQueryInText = (whole: string, prefix: string, key: string, value: string): string => {
  const masked = maskedFor(safeDecode(key), safeDecode(value));
  return masked === undefined ? whole : prefix + encodeURIComponent(masked);
};
const SECRET_IN_TEXT = /("?(?<![\w-])([\w-]{1,64})"?[ \t]*[:=][ \t]*)"?([^"&\s,}]*)"?/g;
// A tag or a text area ends at the next "<", so each scan stops where the next one starts: linear.
const INPUT_TAG = /<input\b[^<>]*>/gi;
const TEXTAREA = /(<textarea\b[^<>]*>)([^<]*)(?=<\/textarea>)/gi;
const HIDDEN_TYPE = /\btype\s*=\s*["']?hidden\b/i;
const NAME_ATTRIBUTE = /\bname\s*=\s*["']?([^"'\s>]*)/i;
const VALUE_ATTRIBUTE = /(\bvalue\s*=\s*)(["'])([^"']*)\2/i;
/** A text area holding one long word of token characters (a token shown to the learner), not prose. */
const TOKEN_TEXT = /^\s*([\w.~+/=-]{16,})\s*$/;

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * A hidden input is how a page hands a credential to its next request (Lab
 * ID's interaction, csrf and MFA ticket, a form_post response's code and
 * tokens): every hidden value is masked or fingerprinted.
 */
function maskHiddenInput(tag: string): string {
  if (!HIDDEN_TYPE.test(tag)) return tag;
  const name = unescapeHtml(NAME_ATTRIBUTE.exec(tag)?.[1] ?? '');
  return tag.replace(VALUE_ATTRIBUTE, (whole, prefix: string, quote: string, raw: string) => {
    const value = unescapeHtml(raw);
    if (!value) return whole;
    return `${prefix}${quote}${maskedFor(name, value) ?? concealCredential(value)}${quote}`;
  });
}

/** Your App prints its tokens in read-only text areas: an opaque refresh token is fingerprinted there. */
function maskTextarea(whole: string, tag: string, content: string): string {
  const token = TOKEN_TEXT.exec(content)?.[1];
  return token ? tag + concealCredential(unescapeHtml(token)) : whole;
}

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

/**
 * The URL as stored: secrets in its query string and fragment are masked
 * (`?password=…`, `?code=…`, an implicit flow's `#access_token=…`), and so is
 * the signature of any JWT in it.
 */
export function maskUrl(url: string): string {
  const hash = url.indexOf('#');
  const beforeHash = hash < 0 ? url : url.slice(0, hash);
  const q = beforeHash.indexOf('?');
  let masked = q < 0 ? beforeHash : beforeHash.slice(0, q + 1) + maskQuery(beforeHash.slice(q + 1));
  if (hash >= 0) masked += '#' + maskQuery(url.slice(hash + 1));
  return maskJwts(masked);
}

/**
 * Headers as stored: every cookie (in cookie and set-cookie) keeps its name
 * and attributes but its value becomes a fingerprint; Basic credentials are
 * masked and any other Authorization credential (a Bearer token) concealed;
 * redirect URLs and token headers (x-csrf-token) are masked like bodies. A
 * cookie or token copied out of the traffic table then opens nothing (OWASP
 * Session Management Cheat Sheet, "Session ID exposure"; ASVS 5.0 V16.2.5).
 */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const out = { ...headers };
  for (const [name, value] of Object.entries(out)) {
    if (typeof value !== 'string' || !value) continue;
    if (name === 'cookie') out.cookie = value.replace(/(^|;\s*)([^=;\s]+)=([^;]*)/g, maskCookie);
    else if (name === 'set-cookie') out[name] = value.replace(/(^|\n)([^=;\n]+)=([^;\n]*)/g, maskCookie);
    else if (name === 'authorization' || name === 'proxy-authorization') out[name] = maskAuthorization(value);
    else if (URL_HEADERS.has(name)) out[name] = maskUrl(value);
    else out[name] = maskedFor(name, value) ?? value;
  }
  return out;
}

function maskAuthorization(value: string): string {
  const space = value.indexOf(' ');
  if (space < 0) return concealCredential(value);
  const scheme = value.slice(0, space);
  return /^basic$/i.test(scheme) ? `Basic ${MASK}` : `${scheme} ${concealCredential(value.slice(space + 1).trim())}`;
}

function maskCookie(whole: string, sep: string, name: string, value: string): string {
  // An empty value is a cookie being cleared: nothing to hide.
  // A JWT cookie (the refresh token) is fingerprinted whole: its payload is no part of any lesson.
  return HARMLESS_COOKIES.has(name) || !value ? whole : `${sep}${name}=${concealOpaque(value)}`;
}

function clip(text: string): string {
  return text.length > MAX_BODY_CHARS ? text.slice(0, MAX_BODY_CHARS) + '…[truncated]' : text;
}

function maskValue(value: unknown, depth: number): unknown {
  // A URL in a JSON string (a mailed reset link the inbox lists) loses its secret query parameters too.
  if (typeof value === 'string')
    return maskJwts(value.includes('=') ? value.replace(QUERY_IN_TEXT, maskQueryInText) : value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_MASK_DEPTH) return '[nested too deep to record]';
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const masked = v === null || v === undefined ? undefined : maskedFor(k, v);
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

/** Buffered exchanges are written this often... */
const WRITE_EVERY_MS = 1000;
/**
 * ...or this often while a flood lasts (the last write had as many exchanges as
 * the table keeps): each write stores the newest MAX_ROWS and prunes the rows
 * of the write before, so after each write the table holds what it would have
 * held anyway, and the flood pays for a quarter of the rows. Live listeners
 * still get every exchange at once, and list() and close() write first.
 */
const FLOOD_WRITE_EVERY_MS = 4000;
/**
 * ...in steps of at most this many rows, one transaction each, so no single
 * step holds up the event loop for long: under a flood, 200-row steps took
 * up to 20 ms (a WAL checkpoint lands in one of them), 50-row steps ~10 ms.
 */
const ROWS_PER_STEP = 50;
/** Exchanges waiting hold their bodies: past this many bytes they are written at once, whatever the clock says. */
const MAX_HELD_BYTES = 16 * 1024 * 1024;

/** An exchange waiting to be written: its entry is built on first need (a live listener, or the write). */
interface Buffered {
  id: number;
  atMs: number;
  /** Roughly what the exchange holds in memory until it is written. */
  bytes: number;
  build?: () => NewTrafficEntry | null;
  /** null: the builder gave nothing to record. */
  entry?: TrafficEntry | null;
}

/** The newest MAX_ROWS of a run of exchanges: the table would prune the rest as soon as they arrived. */
const newest = (items: Buffered[]) => (items.length > MAX_ROWS ? items.slice(-MAX_ROWS) : items);

/**
 * Captures every exchange on every origin into SQLite and streams it to live
 * listeners. A listener gets each exchange at once. Rows are not written one
 * insert per request: the recorder buffers them and writes them once a
 * second, ROWS_PER_STEP rows per transaction. As the table keeps only the
 * newest MAX_ROWS, a flood (a benchmark, a brute-force runner) writes at
 * most MAX_ROWS rows every FLOOD_WRITE_EVERY_MS, and an exchange nobody watches is masked and
 * serialised only if its row is kept. Everything buffered is written before
 * the table is read (list) and on close, so a clean shutdown loses nothing.
 */
export class TrafficRecorder {
  private readonly events = new EventEmitter();
  private readonly writeRows: (rows: Buffered[]) => void;
  /** Recorded since the last write started. */
  private buffered: Buffered[] = [];
  /** Taken by the write in progress, written ROWS_PER_STEP at a time. */
  private writing: Buffered[] = [];
  private writeTimer: NodeJS.Timeout | undefined;
  private nextStep: NodeJS.Immediate | undefined;
  /** Ids are handed out here, so a live listener has the id before the row is written. */
  private lastId: number;
  /** Bytes held by `buffered` and `writing` together. */
  private heldBytes = 0;
  /** The last write had more exchanges than the table keeps. */
  private flooded = false;

  constructor(
    private readonly db: LabDatabase,
    private readonly clock: LabClock,
  ) {
    this.events.setMaxListeners(100);
    const insert = db.prepare(
      `INSERT INTO traffic (id, at, origin, method, url, status, duration_ms, request_headers, response_headers,
                            request_body, response_body, meanings)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const prune = db.prepare('DELETE FROM traffic WHERE id <= ?');
    this.writeRows = db.transaction((rows: Buffered[]) => {
      for (const row of rows) {
        const e = this.entryOf(row);
        if (!e) continue;
        insert.run(
          e.id,
          row.atMs,
          e.origin,
          e.method,
          e.url,
          e.status,
          e.durationMs,
          JSON.stringify(e.requestHeaders),
          JSON.stringify(e.responseHeaders),
          e.requestBody,
          e.responseBody,
          JSON.stringify(e.meanings),
        );
      }
      prune.run(rows.at(-1)!.id - MAX_ROWS);
    });
    this.lastId = this.highestIdEverUsed();
  }

  /** Ids never go back, even after a clear, so a reconnecting stream's Last-Event-ID stays meaningful. */
  private highestIdEverUsed(): number {
    const { maxId } = this.db.prepare('SELECT COALESCE(MAX(id), 0) AS maxId FROM traffic').get() as { maxId: number };
    const hasSequence = this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get();
    const seq = hasSequence
      ? ((
          this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'traffic'").get() as { seq: number } | undefined
        )?.seq ?? 0)
      : 0;
    return Math.max(maxId, seq);
  }

  /** Records an exchange and returns its entry. */
  record(input: NewTrafficEntry): TrafficEntry {
    const bytes = 1024 + (input.requestBody?.length ?? 0) + (input.responseBody?.length ?? 0);
    return this.entryOf(this.add(() => input, bytes, input.at === undefined ? undefined : Date.parse(input.at)))!;
  }

  /**
   * Records an exchange whose entry (masking, header copies) is built only
   * when needed: at once for a live listener, else when its row is written.
   * A builder that cannot build the entry returns null (and says why itself).
   * `bytes` is roughly what the builder holds on to (its bodies).
   */
  recordLater(build: () => NewTrafficEntry | null, bytes: number): void {
    this.add(build, bytes);
  }

  private add(build: () => NewTrafficEntry | null, bytes: number, atMs = this.clock.nowMs()): Buffered {
    const item: Buffered = { id: ++this.lastId, atMs, bytes, build };
    this.buffered.push(item);
    this.heldBytes += bytes;
    if (this.buffered.length >= MAX_ROWS + TRIM_STEP) {
      this.buffered = newest(this.buffered);
      this.recountHeldBytes();
    }
    if (this.events.listenerCount('entry') > 0) {
      const entry = this.entryOf(item);
      if (entry) this.events.emit('entry', entry);
    }
    // A flood of large exchanges must not pile up in memory until the next write.
    if (this.heldBytes > MAX_HELD_BYTES) this.flush();
    else
      this.writeTimer ??= setTimeout(
        () => this.startWrite(),
        this.flooded ? FLOOD_WRITE_EVERY_MS : WRITE_EVERY_MS,
      ).unref();
    return item;
  }

  private recountHeldBytes(): void {
    this.heldBytes = 0;
    for (const item of this.writing) this.heldBytes += item.bytes;
    for (const item of this.buffered) this.heldBytes += item.bytes;
  }

  private entryOf(item: Buffered): TrafficEntry | null {
    if (item.entry === undefined) {
      const input = item.build!();
      item.entry = input && {
        ...input,
        id: item.id,
        at: input.at ?? new Date(item.atMs).toISOString(),
        meanings: describeExchange(input),
      };
      item.build = undefined;
    }
    return item.entry;
  }

  private startWrite(): void {
    this.writeTimer = undefined;
    this.flooded = this.writing.length + this.buffered.length >= MAX_ROWS;
    this.writing = newest([...this.writing, ...this.buffered]);
    this.buffered = [];
    this.recountHeldBytes();
    this.writeStep();
  }

  private writeStep(): void {
    this.nextStep = undefined;
    // A database closed without close() here (a test's throwaway context) has nowhere to write.
    if (!this.db.open) {
      this.writing = [];
      return;
    }
    const rows = this.writing.splice(0, ROWS_PER_STEP);
    if (rows.length) this.writeRows(rows);
    for (const row of rows) this.heldBytes -= row.bytes;
    if (this.writing.length) this.nextStep = setImmediate(() => this.writeStep());
  }

  /** Writes everything buffered now, in one transaction. */
  flush(): void {
    clearTimeout(this.writeTimer);
    clearImmediate(this.nextStep);
    this.writeTimer = this.nextStep = undefined;
    const rows = newest([...this.writing, ...this.buffered]);
    this.writing = [];
    this.buffered = [];
    this.heldBytes = 0;
    if (rows.length && this.db.open) this.writeRows(rows);
  }

  /** Writes what is buffered; call before closing the database. */
  close(): void {
    this.flush();
  }

  /** Newest last; `afterId` lets a reconnecting stream catch up without gaps. */
  list(options: { afterId?: number; limit?: number } = {}): TrafficEntry[] {
    this.flush();
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
    clearTimeout(this.writeTimer);
    clearImmediate(this.nextStep);
    this.writeTimer = this.nextStep = undefined;
    this.writing = [];
    this.buffered = [];
    this.heldBytes = 0;
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
