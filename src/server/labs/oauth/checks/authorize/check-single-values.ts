import type { Check } from '../check';
import { oauthError } from '../../oauth-error';
import type { AuthorizeRequest } from './request';

/** Every parameter is sent once: RFC 6749 §3.1 says a repeated parameter makes the request invalid. */
export const checkSingleValues: Check<AuthorizeRequest> = {
  name: 'single values',
  reads: ['*'],
  errors: ['invalid_request'],
  run({ query }) {
    if (Object.values(query).some((v) => typeof v !== 'string'))
      throw oauthError(400, 'invalid_request', 'A parameter was sent more than once.');
  },
};
