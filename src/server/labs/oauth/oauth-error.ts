import type { ErrorCode } from '../../../common/errors';
import { LabError } from '../../core/errors';

/**
 * The characters RFC 6749 §4.1.2.1 and §5.2 allow in `error_description`:
 * printable ASCII without `"` and `\` (%x20-21 / %x23-5B / %x5D-7E).
 */
export const ERROR_DESCRIPTION = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

const SPELLED_OUT: Record<string, string> = {
  '§': 'section ',
  '…': '...',
  '"': "'",
  '“': "'",
  '”': "'",
  '‘': "'",
  '’': "'",
  '\\': '/',
  '–': '-',
  '—': '-',
};

/** The lab's message as an `error_description`: the characters outside the RFC's set spelled out or replaced. */
export function errorDescription(message: string): string {
  return message
    .replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, (c) => SPELLED_OUT[c] ?? (/\s/.test(c) ? ' ' : '?'))
    .replace(/ {2,}/g, ' ');
}

/**
 * An OAuth error (RFC 6749 §4.1.2.1, §5.2): `error`, an ASCII
 * `error_description`, and the lab's own `message`, which keeps the rich
 * text (section signs, quotes) for the page. The one place OAuth errors are
 * built, so no answer can carry a description a strict client would reject.
 */
export function oauthError(status: number, code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return new LabError(status, code, message, { ...extra, error_description: errorDescription(message) });
}
