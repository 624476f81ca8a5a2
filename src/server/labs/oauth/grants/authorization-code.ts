import { runChecks } from '../checks/check';
import { CODE_GRANT_CHECKS, CODE_REUSED, type CodeTokenRequest } from '../checks/token';
import { oauthError } from '../oauth-error';
import type { OAuthClient } from '../repositories';
import type { OAuthServices } from '../services';
import { signUserTokens } from '../tokens';

/** grant_type=authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.6): the checks, then one spend of the code. */
export async function exchangeCode(lab: OAuthServices, client: OAuthClient, body: Record<string, unknown>) {
  const request: CodeTokenRequest = { lab, client, body, nowMs: lab.ctx.clock.nowMs() };
  runChecks(CODE_GRANT_CHECKS, request);
  const row = request.code!;
  // Sign first, then spend the code and store the tokens in one transaction: a crash in between
  // leaves the code unspent, so the client's retry is not taken for a replay (RFC 6749 §4.1.2).
  const signed = await signUserTokens(lab, {
    client,
    userId: row.userId,
    scopes: row.scope.split(' '),
    authTime: row.authTime,
    nonce: row.nonce,
    codeHash: row.codeHash,
  });
  const spent = lab.ctx.db.transaction(() => {
    // Of two parallel exchanges only one spends the code; the other is a reuse (RFC 6749 §4.1.2).
    if (!lab.codes.spend(row.codeHash, request.nowMs) && lab.ctx.toggles.isOn('oauth.singleUseCode')) {
      lab.tokens.revokeIssuedByCode(row.codeHash);
      return false;
    }
    signed.store();
    return true;
  })();
  if (!spent) throw oauthError(400, 'invalid_grant', CODE_REUSED);
  return signed.response;
}
