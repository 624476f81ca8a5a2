import type { ErrorCode } from '../../../../../common/errors';
import type { OAuthClient } from '../../repositories';
import type { OAuthServices } from '../../services';

/**
 * An authorization request as its checks see it: the raw query, and what
 * each check has parsed so far. The client and redirect_uri come first; every
 * later check may rely on them.
 */
export interface AuthorizeRequest {
  lab: OAuthServices;
  query: Record<string, unknown>;
  client?: OAuthClient;
  redirectUri?: string;
  responseType?: 'code' | 'token';
  scopes?: string[];
  codeChallenge?: string;
  maxAge?: number;
  prompt?: string;
}

/**
 * A failure before the redirect_uri is trusted: Lab ID shows it as a page
 * and never redirects (RFC 6749 §4.1.2.1).
 */
export class AuthorizePageError extends Error {
  constructor(
    readonly title: string,
    readonly text: string,
    readonly code: ErrorCode,
  ) {
    super(text);
  }
}
