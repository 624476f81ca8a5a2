import { single, type Check } from '../check';
import { oauthError } from '../../oauth-error';
import type { AuthorizeRequest } from './request';

/** prompt is none, login, consent, or login and consent together (OIDC Core 1.0 §3.1.2.1). */
export const checkPrompt: Check<AuthorizeRequest> = {
  name: 'prompt',
  reads: ['prompt'],
  errors: ['invalid_request'],
  run(request) {
    const prompt = single(request.query.prompt);
    if (prompt !== undefined && !/^(none|login|consent|login consent|consent login)$/.test(prompt))
      throw oauthError(400, 'invalid_request', 'prompt must be none, login or consent.');
    request.prompt = prompt;
  },
};
