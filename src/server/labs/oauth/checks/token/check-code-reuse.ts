import type { Check } from '../check';
import { oauthError } from '../../oauth-error';
import type { CodeTokenRequest } from './request';

export const CODE_REUSED = 'The code was already used; the tokens it issued are now revoked.';

/** A code already spent is refused, and the tokens it produced are revoked. */
export const checkCodeReuse: Check<CodeTokenRequest> = {
  name: 'code reuse',
  // RFC 6749 §4.1.2: a code used twice must be refused, and the tokens it produced should be revoked.
  toggle: 'oauth.singleUseCode',
  reads: ['code'],
  errors: ['invalid_grant'],
  run({ lab, code }) {
    if (code!.usedAt !== null && lab.ctx.toggles.isOn('oauth.singleUseCode')) {
      lab.tokens.revokeIssuedByCode(code!.codeHash);
      throw oauthError(400, 'invalid_grant', CODE_REUSED);
    }
  },
};
