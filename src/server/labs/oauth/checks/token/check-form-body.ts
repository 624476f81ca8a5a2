import type { Check } from '../check';
import { oauthError } from '../../oauth-error';
import type { FormEndpointRequest } from './endpoint-request';

/** Is this Content-Type a form body (application/x-www-form-urlencoded), parameters aside? */
export const isFormType = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';

/** The parameters come form-encoded (RFC 6749 §3.2), each once (RFC 6749 §3.1). */
export const checkFormBody: Check<FormEndpointRequest> = {
  name: 'form body',
  reads: ['*'],
  errors: ['invalid_request'],
  run(request) {
    if (!isFormType(request.contentType))
      throw oauthError(400, 'invalid_request', 'Send the parameters as application/x-www-form-urlencoded.');
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (Object.values(body).some((v) => typeof v !== 'string'))
      throw oauthError(400, 'invalid_request', 'A parameter was sent more than once.');
    request.params = body as Record<string, string>;
  },
};
