import type { Check } from '../check';
import { oauthError } from '../../oauth-error';
import type { CodeTokenRequest } from './request';

/** The code is bound to the redirect_uri of its request, compared exactly (RFC 6749 §4.1.3). */
export const checkRedirectUriBinding: Check<CodeTokenRequest> = {
  name: 'redirect_uri binding',
  reads: ['redirect_uri'],
  errors: ['invalid_grant'],
  run({ body, code }) {
    if (code!.redirectUri !== body.redirect_uri)
      throw oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
  },
};
