import { single, type Check } from '../check';
import { oauthError } from '../../oauth-error';
import type { CodeTokenRequest } from './request';

/** code and redirect_uri are sent, and the client is registered for this grant (RFC 6749 §4.1.3). */
export const checkCodeRequest: Check<CodeTokenRequest> = {
  name: 'code request',
  reads: ['code', 'redirect_uri'],
  errors: ['invalid_request', 'unauthorized_client'],
  run({ body, client }) {
    if (!single(body.code) || !single(body.redirect_uri))
      throw oauthError(400, 'invalid_request', 'code and redirect_uri are required.');
    if (!client.grantTypes.includes('authorization_code'))
      throw oauthError(400, 'unauthorized_client', 'This client may not use the authorization code grant.');
  },
};
