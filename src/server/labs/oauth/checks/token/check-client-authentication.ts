import type { Check } from '../check';
import { authenticateClient, readClientCredentials } from '../../client-authentication';
import type { FormEndpointRequest } from './endpoint-request';

/** The client authenticates by the method it registered, or names itself if public (RFC 6749 §2.3). */
export const checkClientAuthentication: Check<FormEndpointRequest> = {
  name: 'client authentication',
  reads: ['Authorization', 'client_id', 'client_secret'],
  errors: ['invalid_client', 'invalid_request'],
  run(request) {
    request.client = authenticateClient(request.lab, readClientCredentials(request.authorization, request.params!));
  },
};
