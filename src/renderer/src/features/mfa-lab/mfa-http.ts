import { ApiError } from '../../api/client';

export interface CallOptions {
  /** The session's CSRF token, sent as x-csrf-token (API.md, CSRF). */
  csrf?: string | null;
  /** A bearer access token instead of the session cookie. */
  bearer?: string;
  /**
   * 'omit' for requests made on someone else's behalf (the simulated attacker):
   * the browser then neither sends nor stores cookies, so the learner's own
   * session is left alone.
   */
  credentials?: RequestCredentials;
}

/** A JSON call that returns status and body, whatever the status: attacks need to see refusals. */
export async function call<T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<{ status: number; body: T & { error?: string; message?: string } }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  const response = await fetch(path, {
    method,
    headers,
    credentials: options.credentials ?? 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, body: (parsed ?? {}) as T & { error?: string; message?: string } };
}

/** The same, but a non-2xx answer throws an ApiError with the contract's code. */
export async function callOk<T>(method: 'GET' | 'POST', path: string, body?: unknown, options?: CallOptions) {
  const result = await call<T>(method, path, body, options);
  if (result.status >= 400) {
    throw new ApiError(result.status, {
      ...result.body,
      error: result.body.error ?? 'http_error',
      message: result.body.message ?? `HTTP ${result.status}`,
    });
  }
  return result.body as T;
}
