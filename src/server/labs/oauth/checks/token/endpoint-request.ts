import type { OAuthClient } from '../../repositories';
import type { OAuthServices } from '../../services';

/** A request to a form-encoded endpoint of Lab ID (/token, /revoke, /introspect, /device_authorization). */
export interface FormEndpointRequest {
  lab: OAuthServices;
  contentType: string | undefined;
  authorization: string | undefined;
  body: unknown;
  /** The form parameters, each sent once. */
  params?: Record<string, string>;
  client?: OAuthClient;
}
