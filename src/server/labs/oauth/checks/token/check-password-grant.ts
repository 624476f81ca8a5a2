import type { Check } from '../check';
import { oauthError } from '../../oauth-error';
import type { GrantRequest } from './request';

/** The password grant runs only while its defence is off, and only for a client registered for it. */
export const checkPasswordGrant: Check<GrantRequest> = {
  name: 'password grant allowed',
  // RFC 9700 §2.4: the resource owner password credentials grant MUST NOT be used.
  toggle: 'oauth.refuseImplicitAndPassword',
  reads: ['grant_type'],
  errors: ['unsupported_grant_type', 'unauthorized_client'],
  run({ lab, client }) {
    if (lab.ctx.toggles.isOn('oauth.refuseImplicitAndPassword'))
      throw oauthError(400, 'unsupported_grant_type', 'The password grant is refused (RFC 9700 §2.4).');
    // RFC 6749 §5.2: even a legacy grant is open only to clients registered for it.
    if (!client.grantTypes.includes('password'))
      throw oauthError(400, 'unauthorized_client', 'This client may not use the password grant.');
  },
};
