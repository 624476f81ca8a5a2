import { single, type Check } from '../check';
import { oauthError } from '../../oauth-error';
import type { AuthorizeRequest } from './request';

/** state and nonce are echoed back and stored, so their length is bounded. */
export const checkLengths: Check<AuthorizeRequest> = {
  name: 'state and nonce lengths',
  reads: ['state', 'nonce'],
  errors: ['invalid_request'],
  run({ query }) {
    if ((single(query.state)?.length ?? 0) > 2048 || (single(query.nonce)?.length ?? 0) > 2048)
      throw oauthError(400, 'invalid_request', 'state or nonce is too long.');
  },
};
