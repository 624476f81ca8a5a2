import { single, type Check } from '../check';
import { oauthError } from '../../oauth-error';
import type { AuthorizeRequest } from './request';

/** max_age is a whole number of seconds (OIDC Core 1.0 §3.1.2.1). */
export const checkMaxAge: Check<AuthorizeRequest> = {
  name: 'max_age',
  reads: ['max_age'],
  errors: ['invalid_request'],
  run(request) {
    const raw = single(request.query.max_age);
    if (raw === undefined) return;
    if (!/^\d{1,9}$/.test(raw)) throw oauthError(400, 'invalid_request', 'max_age must be a number of seconds.');
    request.maxAge = Number(raw);
  },
};
