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

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const errorBody =
      parsed && typeof parsed === 'object' && 'error' in parsed
        ? (parsed as ApiErrorBody)
        : { error: 'http_error', message: `${response.status} ${response.statusText}` };
    throw new ApiError(response.status, errorBody);
  }
  return parsed as T;
}

/** The typed client for the app origin's /api routes (same origin, so cookies are first-party). */
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
