import { single, type Check } from '../check';
import { oauthError } from '../../oauth-error';
import { CHALLENGE_PATTERN } from '../../pkce';
import type { AuthorizeRequest } from './request';

/** A code request carries an S256 code_challenge, required while the defence is on. */
export const checkPkce: Check<AuthorizeRequest> = {
  name: 'pkce',
  // RFC 7636 / RFC 9700 §2.1.1: every client sends PKCE, so an intercepted code is useless alone.
  toggle: 'oauth.requirePkce',
  reads: ['code_challenge', 'code_challenge_method'],
  errors: ['invalid_request'],
  run(request) {
    if (request.responseType !== 'code') return;
    const challenge = single(request.query.code_challenge);
    const method = single(request.query.code_challenge_method);
    if (challenge !== undefined || method !== undefined) {
      // S256 only; "plain" and an omitted method are refused.
      if (method !== 'S256') throw oauthError(400, 'invalid_request', 'code_challenge_method must be S256.');
      if (!challenge || !CHALLENGE_PATTERN.test(challenge))
        throw oauthError(400, 'invalid_request', 'code_challenge must be 43 base64url characters.');
      request.codeChallenge = challenge;
    } else if (request.lab.ctx.toggles.isOn('oauth.requirePkce')) {
      throw oauthError(
        400,
        'invalid_request',
        'PKCE is required: send code_challenge with code_challenge_method=S256.',
      );
    }
  },
};
