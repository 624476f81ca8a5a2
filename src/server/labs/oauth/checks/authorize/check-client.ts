import { single, type Check } from '../check';
import { AuthorizePageError, type AuthorizeRequest } from './request';

/** client_id names a registered client; with none, tell the user and never redirect (RFC 6749 §4.1.2.1). */
export const checkClient: Check<AuthorizeRequest> = {
  name: 'client',
  reads: ['client_id'],
  errors: ['invalid_client'],
  run(request) {
    const clientId = single(request.query.client_id);
    request.client = clientId ? request.lab.clients.find(clientId) : undefined;
    if (!request.client)
      throw new AuthorizePageError(
        'Unknown application',
        'This sign-in link names no known application.',
        'invalid_client',
      );
  },
};
