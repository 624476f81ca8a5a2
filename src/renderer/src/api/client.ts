import {
  routeParts,
  type AnswerOf,
  type BodyOf,
  type ParamsOf,
  type QueryOf,
  type RouteKey,
} from '../../../common/api-routes';
import type { ApiErrorBody } from '../../../common/errors';

/** A failed API call, carrying the contract's stable `error` code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }
  get code(): string {
    return this.body.error;
  }
}

/** One answer as the labs show it: the status and the parsed body (text when it is not JSON). */
export interface Exchange {
  status: number;
  body: unknown;
  /** The answer's headers (Retry-After, RateLimit-*), for the labs that show them. */
  headers?: Headers;
}

export interface RequestOptions {
  /** Sent as `Authorization: Bearer` (the JWT lab's access token). */
  token?: string | null;
  /**
   * The x-csrf-token to send. Left out, the session's token goes along on
   * state-changing calls that take it; `null` sends none, a string sends that one.
   */
  csrf?: string | null;
  /** Extra request headers (an attack's forged header, for example). */
  headers?: Record<string, string>;
  /**
   * 'omit' for requests made on someone else's behalf (the simulated attacker):
   * the browser then neither sends nor stores cookies, so the learner's own
   * session is left alone. Default: 'same-origin'.
   */
  credentials?: RequestCredentials;
}

/** What a route takes, from the contract: `params` fill the path's `:name`s, `query` the query string. */
type RouteInput<K extends RouteKey> = (ParamsOf<K> extends undefined ? unknown : { params: ParamsOf<K> }) &
  (QueryOf<K> extends undefined ? unknown : { query?: QueryOf<K> }) &
  (BodyOf<K> extends undefined ? unknown : object extends BodyOf<K> ? { body?: BodyOf<K> } : { body: BodyOf<K> });
export type CallOptions<K extends RouteKey> = RequestOptions & RouteInput<K>;
/** The options argument, required only when the route needs params or a body. */
type CallArgs<K extends RouteKey> =
  object extends RouteInput<K> ? [options?: CallOptions<K>] : [options: CallOptions<K>];

/**
 * Where the session's synchronizer token is read (memory only, never persisted):
 * the session slice, which owns the session, registers itself here. Every
 * state-changing call then carries it as `x-csrf-token`, so no caller has to
 * remember the header.
 */
let sessionCsrfToken: () => string | null = () => null;

export function readCsrfTokenFrom(source: () => string | null): void {
  sessionCsrfToken = source;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes that never take the session's CSRF token: bearer-token routes and lab control (API.md). */
const NO_CSRF_PREFIXES = ['/api/jwt/', '/api/lab/'];
const needsCsrf = (method: string, path: string) =>
  !SAFE_METHODS.has(method) && !NO_CSRF_PREFIXES.some((prefix) => path.startsWith(prefix));

/** The request line of a route key: `:name`s filled in and the query appended. */
function urlOf(route: RouteKey, input: { params?: object; query?: object }): { method: string; path: string } {
  const { method, template } = routeParts(route);
  const params: Record<string, unknown> = { ...input.params };
  const path = template.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(input.query ?? {}))
    if (value !== undefined) query.set(name, String(value));
  const search = query.toString();
  return { method, path: search ? `${path}?${search}` : path };
}

/** The fetch options of a call to `path`: its JSON body, bearer token and CSRF header. */
function requestInit(method: string, path: string, input: RequestOptions & { body?: unknown }): RequestInit {
  // POST and PUT always carry a JSON object (the routes' schemas expect one); GET and DELETE carry none.
  const body = input.body ?? (method === 'POST' || method === 'PUT' ? {} : undefined);
  const headers: Record<string, string> = { ...input.headers };
  if (input.token) headers.authorization = `Bearer ${input.token}`;
  // A body-less call (e.g. DELETE) must not claim a JSON body: the server would answer invalid_json.
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = input.csrf === undefined ? (needsCsrf(method, path) ? sessionCsrfToken() : null) : input.csrf;
  if (csrf) headers['x-csrf-token'] = csrf;
  // Lab control refuses a browser's state-changing call without it (server: auth/csrf.ts, crossSiteLabRefusal).
  if (!SAFE_METHODS.has(method) && path.startsWith('/api/lab/')) headers['x-authlab-request'] = '1';
  return {
    method,
    headers,
    credentials: input.credentials ?? 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}

/**
 * The one fetch of the renderer, for the app origin's routes (same origin, so
 * cookies are first-party). It reports instead of throwing: the labs want to
 * *see* a 401 or 403.
 */
export async function exchange<K extends RouteKey>(route: K, ...[options]: CallArgs<K>): Promise<Exchange> {
  const input: RequestOptions & { params?: object; query?: object; body?: unknown } = options ?? {};
  const { method, path } = urlOf(route, input);
  const response = await fetch(path, requestInit(method, path, input));
  const text = await response.text();
  try {
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  } catch {
    return { status: response.status, headers: response.headers, body: text }; // not JSON: keep the text
  }
}

/**
 * An answer as the route's contract types it. A refusal's body is the error
 * contract instead ({ error, message, retryAfterSeconds? }), so read the
 * answer's own fields only after checking the status.
 */
export type Answer<T> = {
  status: number;
  body: T & { error?: string; message?: string; retryAfterSeconds?: number };
  headers?: Headers;
};

/** `exchange`, with the body typed by the route's contract (empty when the answer had no JSON object). */
export async function answerOf<K extends RouteKey>(route: K, ...args: CallArgs<K>): Promise<Answer<AnswerOf<K>>> {
  const answer = await exchange(route, ...args);
  const body = answer.body && typeof answer.body === 'object' ? answer.body : {};
  return { status: answer.status, body: body as Answer<AnswerOf<K>>['body'], headers: answer.headers };
}

/** The throwing form for the app origin's routes: the contract's answer, or an ApiError with its stable code. */
export async function api<K extends RouteKey>(route: K, ...args: CallArgs<K>): Promise<AnswerOf<K>> {
  const answer = await exchange(route, ...args);
  if (answer.status >= 400) {
    const parsed = answer.body;
    const errorBody =
      parsed && typeof parsed === 'object' && 'error' in parsed
        ? (parsed as ApiErrorBody)
        : { error: 'http_error', message: `HTTP ${answer.status}` };
    throw new ApiError(answer.status, errorBody);
  }
  return answer.body as AnswerOf<K>;
}

/** A throttled answer's message with how long to wait (retryAfterSeconds), unless the message already says it. */
function withWait(message: string, retryAfterSeconds: unknown): string {
  if (typeof retryAfterSeconds !== 'number' || /try again in/i.test(message)) return message;
  return `${message ? `${message} ` : ''}Try again in ${retryAfterSeconds} s.`;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return withWait(error.message, error.body.retryAfterSeconds);
  return error instanceof Error ? error.message : String(error);
}

/** A refused answer as the learner should read it: the message, its stable code and any wait. */
export function refusalText(result: Exchange | null): string | null {
  if (!result || result.status < 400) return null;
  const body = (result.body && typeof result.body === 'object' ? result.body : {}) as Record<string, unknown>;
  const code = typeof body.error === 'string' ? body.error : `HTTP ${result.status}`;
  const message = withWait(typeof body.message === 'string' ? body.message : '', body.retryAfterSeconds);
  return `${code}${message ? `: ${message}` : ''}`;
}

/**
 * A POST whose answer is a stream of NDJSON lines (the attack catalogue's
 * self-check), made like every other call (same origin, same headers), with
 * each parsed line handed to `onLine` as it arrives. Ends when the stream does
 * or `signal` aborts; a refused start throws an ApiError like `api` does.
 */
export async function streamLines(
  path: string,
  onLine: (line: unknown) => void,
  options: RequestOptions & { body?: unknown; signal?: AbortSignal } = {},
): Promise<void> {
  const response = await fetch(path, { ...requestInit('POST', path, options), signal: options.signal });
  if (response.status >= 400 || !response.body) {
    const text = await response.text();
    let body: ApiErrorBody = { error: 'http_error', message: `HTTP ${response.status}` };
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && 'error' in parsed) body = parsed as ApiErrorBody;
    } catch {
      // not JSON: keep the status
    }
    throw new ApiError(response.status, body);
  }
  const lines = new NdjsonLines();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    lines.push(value).forEach(onLine);
  }
  lines.end().forEach(onLine);
}

/**
 * Splits NDJSON text that arrives in chunks of any size into parsed lines: a
 * line cut in two by the network waits for its end. Blank lines are skipped.
 */
export class NdjsonLines {
  private pending = '';
  push(chunk: string): unknown[] {
    const parts = (this.pending + chunk).split('\n');
    this.pending = parts.pop() ?? '';
    return parts.filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
  }
  /** What is left when the stream ends (a last line without its newline). */
  end(): unknown[] {
    const rest = this.pending;
    this.pending = '';
    return rest.trim() === '' ? [] : [JSON.parse(rest) as unknown];
  }
}
