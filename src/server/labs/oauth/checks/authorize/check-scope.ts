import type { Check } from '../check';
import { checkScopes, parseScope } from '../../scope';
import type { AuthorizeRequest } from './request';

/** The scopes are known to Lab ID and allowed for this client (RFC 6749 §3.3). */
export const checkScope: Check<AuthorizeRequest> = {
  name: 'scope',
  reads: ['scope'],
  errors: ['invalid_scope'],
  run(request) {
    const scopes = parseScope(request.query.scope) ?? [];
    checkScopes(request.client!, scopes);
    request.scopes = scopes;
  },
};
