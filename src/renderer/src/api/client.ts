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
  body?: unknown;
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

/**
 * The session lab's synchronizer token (held in memory only, never persisted).
 * Every state-changing call carries it as `x-csrf-token` once a login has
 * handed one out, so no caller has to remember the header.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export const hasCsrfToken = (): boolean => csrfToken !== null;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes that never take the session's CSRF token: bearer-token routes and lab control (API.md). */
const NO_CSRF_PREFIXES = ['/api/jwt/', '/api/lab/'];
const needsCsrf = (method: string, path: string) =>
  !SAFE_METHODS.has(method) && !NO_CSRF_PREFIXES.some((prefix) => path.startsWith(prefix));

/**
 * The one fetch of the renderer, for the app origin's routes (same origin, so
 * cookies are first-party). It reports instead of throwing: the labs want to
 * *see* a 401 or 403.
 */
export async function exchange(method: string, path: string, options: RequestOptions = {}): Promise<Exchange> {
  // POST and PUT always carry a JSON object (the routes' schemas expect one); GET and DELETE carry none.
  const body = options.body ?? (method === 'POST' || method === 'PUT' ? {} : undefined);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  // A body-less call (e.g. DELETE) must not claim a JSON body: the server would answer invalid_json.
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = options.csrf === undefined ? (needsCsrf(method, path) ? csrfToken : null) : options.csrf;
  if (csrf) headers['x-csrf-token'] = csrf;
  const response = await fetch(path, {
    method,
    headers,
    credentials: options.credentials ?? 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  } catch {
    return { status: response.status, headers: response.headers, body: text }; // not JSON: keep the text
  }
}

/** An answer whose body the caller reads as an object: empty when the answer had no JSON object. */
export type Answer<T> = { status: number; body: T & { error?: string; message?: string }; headers?: Headers };

/** `exchange`, with the body typed as the caller expects it. */
export async function answerOf<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Answer<T>> {
  const answer = await exchange(method, path, options);
  const body = answer.body && typeof answer.body === 'object' ? answer.body : {};
  return { status: answer.status, body: body as Answer<T>['body'], headers: answer.headers };
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const answer = await exchange(method, path, { body });
  if (answer.status >= 400) {
    const parsed = answer.body;
    const errorBody =
      parsed && typeof parsed === 'object' && 'error' in parsed
        ? (parsed as ApiErrorBody)
        : { error: 'http_error', message: `HTTP ${answer.status}` };
    throw new ApiError(answer.status, errorBody);
  }
  return answer.body as T;
}

/** The typed, throwing client for the app origin's /api routes. */
export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

export function errorMessage(error: unknown): string {
  // A throttled call says how long to wait (the server sends it as retryAfterSeconds).
  if (error instanceof ApiError && typeof error.body.retryAfterSeconds === 'number')
    return `${error.message} Try again in ${error.body.retryAfterSeconds} s.`;
  return error instanceof Error ? error.message : String(error);
}

/** A refused answer as the learner should read it: the message, its stable code and any wait. */
export function refusalText(result: Exchange | null): string | null {
  if (!result || result.status < 400) return null;
  const body = (result.body && typeof result.body === 'object' ? result.body : {}) as Record<string, unknown>;
  const code = typeof body.error === 'string' ? body.error : `HTTP ${result.status}`;
  const message = typeof body.message === 'string' ? body.message : '';
  const wait = typeof body.retryAfterSeconds === 'number' ? ` Try again in ${body.retryAfterSeconds} s.` : '';
  return `${code}${message ? `: ${message}` : ''}${wait}`;
}
