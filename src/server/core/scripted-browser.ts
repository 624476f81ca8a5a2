/**
 * A tiny scripted browser for the lab's own runs (the flow viewer and the
 * attack runners): real HTTP to the real origins, a cookie jar keyed by host
 * name (as browsers do: ports do not separate cookies), redirects followed by
 * hand so each hop can be shown.
 */
/** A parsed JSON answer, read field by field as a client reads it (its shape is whatever the route sent). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an answer from the wire, checked where it is read
export type JsonAnswer = Record<string, any>;

/**
 * Sent by every request of the server's own attack runs (Show me, the
 * self-check): the recorder keeps it, so a walkthrough attempt can tell that
 * traffic from the learner's, also when it reloads the traffic after a restart.
 */
export const ATTACK_RUN_HEADER = 'x-authlab-run';

/** A fetch whose every request carries an attack run's tag, for runners that call fetch themselves. */
export const taggedFetch =
  (fetchImpl: typeof fetch): typeof fetch =>
  (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set(ATTACK_RUN_HEADER, '1');
    return fetchImpl(input, { ...init, headers });
  };

export interface Hop {
  method: string;
  url: string;
  status: number;
  location?: string;
  setCookies: string[];
  body?: string;
}

export class ScriptedBrowser {
  private readonly jar = new Map<string, Map<string, string>>();
  readonly hops: Hop[] = [];

  constructor(
    private readonly fetchImpl: typeof fetch = globalThis.fetch,
    /** Headers sent with every request (an attack run's tag). */
    private readonly tag: Record<string, string> = {},
  ) {}

  private cookieHeader(url: URL): string | undefined {
    const cookies = this.jar.get(url.hostname);
    if (!cookies || cookies.size === 0) return undefined;
    return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(url: URL, setCookies: string[]): void {
    const cookies = this.jar.get(url.hostname) ?? new Map<string, string>();
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(url.hostname, cookies);
  }

  /** One request, no redirect following. */
  async request(
    method: string,
    target: string,
    options: {
      form?: Record<string, string>;
      /** A JSON body, as a page's fetch() sends to the lab's API. */
      json?: unknown;
      headers?: Record<string, string>;
      keepBody?: boolean;
    } = {},
  ): Promise<{ status: number; location?: string; text: string; url: string }> {
    const url = new URL(target);
    const headers: Record<string, string> = { ...this.tag, ...options.headers };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      // Browsers send Origin on form posts.
      headers.origin ??= url.origin;
      body = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await this.fetchImpl(url, { method, headers, body, redirect: 'manual' });
    const setCookies = response.headers.getSetCookie();
    this.store(url, setCookies);
    const text = await response.text();
    const location = response.headers.get('location') ?? undefined;
    const absolute = location ? new URL(location, url).toString() : undefined;
    this.hops.push({
      method,
      url: url.toString(),
      status: response.status,
      location: absolute,
      setCookies: setCookies.map((c) => c.split(';')[0]!.replace(/=.*/, '=…')),
      body: options.keepBody ? text : undefined,
    });
    return { status: response.status, location: absolute, text, url: url.toString() };
  }

  /** Follows redirects until a page answers or a URL matches `stopAt` (a redirect to the client is not followed). */
  async navigate(
    target: string,
    stopAt: (url: string) => boolean = () => false,
    options: { form?: Record<string, string>; method?: string } = {},
  ) {
    let result = await this.request(options.method ?? (options.form ? 'POST' : 'GET'), target, options);
    for (let i = 0; i < 10 && result.location && !stopAt(result.location); i++) {
      result = await this.request('GET', result.location);
    }
    return result;
  }

  /** A JSON call to an API route: its status and parsed answer (an empty object when the answer is not JSON). */
  async call(
    method: string,
    target: string,
    options: { json?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: JsonAnswer }> {
    const { status, text } = await this.request(method, target, options);
    try {
      const body: unknown = JSON.parse(text);
      return { status, body: typeof body === 'object' && body !== null ? (body as JsonAnswer) : {} };
    } catch {
      return { status, body: {} };
    }
  }

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

/** Decodes the character references an attribute value may hold, in one pass (so `&amp;lt;` stays `&lt;`). */
function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** The attributes of one tag: names lower-cased, values in double, single or no quotes. */
function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const inner = tag.replace(/^<\s*[a-z]+/i, '').replace(/\/?>$/, '');
  for (const m of inner.matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = m[1]!.toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeAttribute(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attributes;
}

/**
 * Reads the hidden form fields of a Lab ID page (interaction, csrf, ticket):
 * every `<input type="hidden">` with a name, its attributes in any order and
 * quoted either way.
 */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi)) {
    const attributes = attributesOf(tag);
    const name = attributes.get('name');
    if (attributes.get('type')?.toLowerCase() !== 'hidden' || !name) continue;
    fields[name] = attributes.get('value') ?? '';
  }
  return fields;
}

/** The error line a Lab ID page shows (`<p class="error">`), as text; undefined when it shows none. */
export function pageError(html: string): string | undefined {
  const match = /<p class="error"[^>]*>([^<]*)<\/p>/.exec(html);
  return match ? decodeAttribute(match[1]!).trim() : undefined;
}

/** Where a `<meta http-equiv="refresh" content="N;url=…">` sends the browser next (as a real browser follows it), or undefined. */
export function metaRefresh(html: string): string | undefined {
  for (const [tag] of html.matchAll(/<meta\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi)) {
    const attributes = attributesOf(tag);
    if (attributes.get('http-equiv')?.toLowerCase() !== 'refresh') continue;
    const target = /^\s*\d+\s*[;,]\s*url\s*=\s*['"]?([^'"]+)['"]?\s*$/i.exec(attributes.get('content') ?? '')?.[1];
    if (target) return target;
  }
  return undefined;
}
