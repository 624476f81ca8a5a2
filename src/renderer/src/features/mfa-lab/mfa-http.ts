import { ApiError, answerOf, type Answer } from '../../api/client';

export interface CallOptions {
  /** The session's CSRF token, sent as x-csrf-token (API.md, CSRF). */
  csrf?: string | null;
  /** A bearer access token instead of the session cookie. */
  bearer?: string;
  /** 'omit' for the simulated attacker's requests, so the learner's own session is left alone. */
  credentials?: RequestCredentials;
}

/** A JSON call through the renderer's one fetch wrapper that returns status and body, whatever the status: attacks need to see refusals. */
export async function call<T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Answer<T>> {
  return answerOf<T>(method, path, {
    body,
    token: options.bearer,
    csrf: options.csrf ?? null,
    credentials: options.credentials,
  });
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
