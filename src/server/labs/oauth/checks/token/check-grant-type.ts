import { oauthError } from '../../oauth-error';
import { DEVICE_GRANT } from '../../device-authorization';

export const GRANT_TYPES = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
  DEVICE_GRANT,
  'password',
] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** grant_type is sent and is one Lab ID implements (RFC 6749 §5.2: unsupported_grant_type). */
export function checkGrantType(grantType: string | undefined): GrantType {
  if (grantType === undefined) throw oauthError(400, 'invalid_request', 'grant_type is required.');
  if (!(GRANT_TYPES as readonly string[]).includes(grantType))
    throw oauthError(400, 'unsupported_grant_type', 'Lab ID does not support this grant_type.');
  return grantType as GrantType;
}
