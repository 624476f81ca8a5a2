import type { CodeRow, OAuthClient } from '../../repositories';
import type { OAuthServices } from '../../services';

/** A token request as the checks of a grant see it: the form body and the authenticated client. */
export interface GrantRequest {
  lab: OAuthServices;
  client: OAuthClient;
  body: Record<string, unknown>;
}

/** grant_type=authorization_code: the request, its time, and the stored code once found. */
export interface CodeTokenRequest extends GrantRequest {
  nowMs: number;
  code?: CodeRow;
}
