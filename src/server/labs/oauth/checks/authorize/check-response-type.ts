import { single, type Check } from '../check';
import { oauthError } from '../../oauth-error';
import type { AuthorizeRequest } from './request';

/** response_type is code, or token (the implicit grant) only while its defence is off. */
export const checkResponseType: Check<AuthorizeRequest> = {
  name: 'response_type',
  // RFC 9700 §2.1.2: the implicit grant should not be used; refused while the defence is on.
  toggle: 'oauth.refuseImplicitAndPassword',
  reads: ['response_type'],
  errors: ['unsupported_response_type'],
  run(request) {
    const responseType = single(request.query.response_type);
    if (responseType === 'token') {
      if (
        request.lab.ctx.toggles.isOn('oauth.refuseImplicitAndPassword') ||
        !request.client!.grantTypes.includes('implicit')
      )
        throw oauthError(400, 'unsupported_response_type', 'The implicit grant is not allowed (RFC 9700 §2.1.2).');
    } else if (responseType !== 'code') {
      throw oauthError(400, 'unsupported_response_type', 'Only response_type=code is supported.');
    }
    request.responseType = responseType;
  },
};
