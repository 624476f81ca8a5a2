import type { ErrorCode } from '../../common/errors';

/**
 * An error the client may see: a status, a stable code and a public message.
 * Anything that is not a LabError becomes a generic 500 with no internal
 * detail exposed (oidc-provider's `expose` rule).
 */
export class LabError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'LabError';
  }

  toBody(): Record<string, unknown> {
    return { error: this.code, message: this.message, ...this.extra };
  }
}

export const badRequest = (message: string, extra?: Record<string, unknown>) =>
  new LabError(400, 'invalid_request', message, extra);
export const notFound = (message = 'Nothing here.') => new LabError(404, 'not_found', message);

/**
 * The headers of a 429: `Retry-After` (RFC 9110 §10.2.3) and, when the error
 * names its limit, the IETF RateLimit draft's `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` (the names @fastify/rate-limit
 * sends for the general limit with `enableDraftSpec`).
 */
export function rateLimitHeaders(error: LabError): Record<string, string> {
  const wait = error.extra.retryAfterSeconds;
  if (typeof wait !== 'number') return {};
  const headers: Record<string, string> = { 'retry-after': String(wait) };
  if (typeof error.extra.limit === 'number') {
    headers['ratelimit-limit'] = String(error.extra.limit);
    headers['ratelimit-remaining'] = '0';
    headers['ratelimit-reset'] = String(wait);
  }
  return headers;
}
