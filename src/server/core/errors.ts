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
