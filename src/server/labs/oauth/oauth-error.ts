import type { ErrorCode } from '../../../common/errors';
import { LabError } from '../../core/errors';

/** An RFC 6749 §5.2 error: `error` + `error_description`, plus the lab's `message`. */
export function oauthError(status: number, code: ErrorCode, description: string, extra: Record<string, unknown> = {}) {
  return new LabError(status, code, description, { error_description: description, ...extra });
}
