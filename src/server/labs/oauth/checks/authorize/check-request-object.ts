import type { Check } from '../check';
import { oauthError } from '../../oauth-error';
import type { AuthorizeRequest } from './request';

/**
 * Lab ID takes no request objects. OIDC Core 1.0 §6 and §3.1.2.6: a provider
 * that does not support `request` or `request_uri` answers
 * request_not_supported or request_uri_not_supported rather than ignore the
 * parameter, since the object may carry a state or nonce the client counts
 * on. A request_uri is never fetched, so it can never make Lab ID call a host
 * of the sender's choosing (RFC 9101 §10.4).
 */
export const checkRequestObject: Check<AuthorizeRequest> = {
  name: 'request object',
  reads: ['request', 'request_uri'],
  errors: ['request_not_supported', 'request_uri_not_supported'],
  run({ query }) {
    if (query.request !== undefined)
      throw oauthError(
        400,
        'request_not_supported',
        'Lab ID does not accept request objects: send the parameters themselves.',
      );
    if (query.request_uri !== undefined)
      throw oauthError(
        400,
        'request_uri_not_supported',
        'Lab ID does not accept request_uri: send the parameters themselves.',
      );
  },
};
