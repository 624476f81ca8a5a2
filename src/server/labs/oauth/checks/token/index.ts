import type { Check } from '../check';
import { checkCodeBinding } from './check-code-binding';
import { checkCodeRequest } from './check-code-request';
import { checkCodeReuse } from './check-code-reuse';
import { checkCodeVerifier } from './check-code-verifier';
import { checkRedirectUriBinding } from './check-redirect-uri-binding';
import type { CodeTokenRequest } from './request';

export { CODE_REUSED } from './check-code-reuse';
export { checkClientAuthentication } from './check-client-authentication';
export { checkFormBody } from './check-form-body';
export type { FormEndpointRequest } from './endpoint-request';
export { checkGrantType, type GrantType } from './check-grant-type';
export { checkPasswordGrant } from './check-password-grant';
export type { CodeTokenRequest, GrantRequest } from './request';

/** The checks of grant_type=authorization_code at /token, in order (RFC 6749 §4.1.3, RFC 7636 §4.6). */
export const CODE_GRANT_CHECKS: ReadonlyArray<Check<CodeTokenRequest>> = [
  checkCodeRequest,
  checkCodeBinding,
  checkCodeReuse,
  checkRedirectUriBinding,
  checkCodeVerifier,
];
