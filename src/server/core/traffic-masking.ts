import { createHash } from 'node:crypto';
import { secretKind, type CredentialHeader } from './secret-names';

// What the traffic recorder stores in place of a secret: passwords and codes
// masked, credentials fingerprinted, JWT signatures removed, in URLs, headers
// and bodies. Which names hold a secret is secret-names.ts's one list.

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

function maskedFor(key: string, value: unknown): string | undefined {
  const kind = secretKind(key);
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
    const maskCredential = credentialMasks.get(name);
    if (maskCredential) out[name] = maskCredential(value);
    else if (URL_HEADERS.has(name)) out[name] = maskUrl(value);
    else out[name] = maskedFor(name, value) ?? value;
  }
  return out;
}

/** How each credential header is masked: one entry per name in the list, or this does not compile. */
const CREDENTIAL_MASKS: Record<CredentialHeader, (value: string) => string> = {
  cookie: (value) => value.replace(/(^|;\s*)([^=;\s]+)=([^;]*)/g, maskCookie),
  'set-cookie': (value) => value.replace(/(^|\n)([^=;\n]+)=([^;\n]*)/g, maskCookie),
  authorization: (value) => maskAuthorization(value),
  'proxy-authorization': (value) => maskAuthorization(value),
};
const credentialMasks: ReadonlyMap<string, (value: string) => string> = new Map(Object.entries(CREDENTIAL_MASKS));

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
