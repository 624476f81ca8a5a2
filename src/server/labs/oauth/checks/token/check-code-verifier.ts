import { single, type Check } from '../check';
import { oauthError } from '../../oauth-error';
import { VERIFIER_PATTERN, verifierMatches } from '../../pkce';
import type { CodeTokenRequest } from './request';

/** The code_verifier matches the challenge of the code's request, and none is sent for a code without one. */
export const checkCodeVerifier: Check<CodeTokenRequest> = {
  name: 'code_verifier',
  reads: ['code_verifier'],
  errors: ['invalid_grant'],
  run({ body, code }) {
    const verifier = single(body.code_verifier);
    if (code!.codeChallenge) {
      if (!verifier || !VERIFIER_PATTERN.test(verifier))
        throw oauthError(400, 'invalid_grant', 'code_verifier is missing or malformed.');
      // RFC 7636 §4.6: only the party that made the challenge knows the verifier.
      if (!verifierMatches(verifier, code!.codeChallenge))
        throw oauthError(400, 'invalid_grant', 'code_verifier does not match the challenge.');
    } else if (verifier !== undefined) {
      // RFC 9700 §4.8.2 (PKCE downgrade): a verifier for a code issued without a challenge is refused.
      throw oauthError(400, 'invalid_grant', 'This code was issued without a code_challenge.');
    }
  },
};
