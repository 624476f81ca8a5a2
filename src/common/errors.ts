/**
 * Stable error codes of the HTTP contract (API.md). Callers branch on `error`,
 * never on `message`, in the way jose's ERR_* codes work.
 */
export const ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'invalid_host',
  'weak_password',
  'email_taken',
  'unknown_toggle',
  'invalid_credentials',
  'mfa_ticket_invalid',
  'invalid_code',
  'csrf_token_invalid',
  // A state-changing lab-control call that did not come from the app's own page.
  'cross_site_request',
  'not_authenticated',
  'forbidden',
  'not_found',
  'conflict',
  'body_too_large',
  'header_too_large',
  'bad_request',
  'invalid_url',
  'request_timeout',
  'too_many_streams',
  'unsupported_media_type',
  'rate_limited',
  'internal_error',
  'invalid_deck',
  'invalid_progress_file',
  'token_expired',
  'invalid_token',
  'token_revoked',
  'refresh_token_reused',
  'mfa_not_enabled',
  'mfa_already_enabled',
  'mfa_setup_required',
  'step_up_required',
  // OAuth 2.0 (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3.1; RFC 7591 §3.2.2; RFC 8628 §3.5)
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'unsupported_response_type',
  'unsupported_token_type',
  'invalid_scope',
  'access_denied',
  'insufficient_scope',
  'invalid_redirect_uri',
  'invalid_client_metadata',
  'authorization_pending',
  'slow_down',
  'expired_token',
  'login_required',
  'consent_required',
  // OIDC Core 1.0 §6: Lab ID refuses request objects rather than ignore them.
  'request_not_supported',
  'request_uri_not_supported',
  'invalid_or_expired_token',
  'attempts_in_progress',
  // Past the account-wide failure ceiling, an address the account does not know waits a little between attempts.
  'login_slowed',
  // Only while login.uniformErrors is off (the enumeration attack); secure mode says invalid_credentials.
  'unknown_user',
  'wrong_password',
  // A lab-only helper doing slow work (bcrypt) is at its bound; Retry-After says when to come back.
  'busy',
  // The attack catalogue (API.md "Attack catalogue").
  'unknown_attack',
  'no_runner',
  'browser_only',
  'attack_run_failed',
  'self_check_running',
  'no_walkthrough',
  'no_attempt',
  'attempt_finished',
  'unknown_step',
  'not_a_paste_step',
  'attack_run_busy',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every error body the lab servers send. Extra fields (such as `reasons`) may be added per code. */
export interface ApiErrorBody {
  error: ErrorCode | (string & {});
  message: string;
  [extra: string]: unknown;
}
