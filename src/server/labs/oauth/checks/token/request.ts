import type { OAuthClient, CodeRow } from '../../repositories';
import type { OAuthServices } from '../../services';

/** A token request as the checks of a grant see it: the form body, the authenticated client, and what was found. */
export interface CodeTokenRequest {
  lab: OAuthServices;
  client: OAuthClient;
  body: Record<string, unknown>;
  nowMs: number;
  code?: CodeRow;
}
