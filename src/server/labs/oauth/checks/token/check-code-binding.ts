import { single, type Check } from '../check';
import { oauthError } from '../../oauth-error';
import type { CodeTokenRequest } from './request';

/** The code exists, was issued to this client (RFC 6749 §4.1.3) and has not expired. */
export const checkCodeBinding: Check<CodeTokenRequest> = {
  name: 'code binding',
  reads: ['code'],
  errors: ['invalid_grant'],
  run(request) {
    const row = request.lab.codes.find(single(request.body.code)!);
    if (!row || row.clientId !== request.client.clientId)
      throw oauthError(400, 'invalid_grant', 'The code is unknown or was issued to another client.');
    if (row.expiresAt <= request.nowMs) throw oauthError(400, 'invalid_grant', 'The code has expired.');
    request.code = row;
  },
};
