import type { OAuthClient } from '../repositories';
import type { OAuthServices } from '../services';
import { single as str } from '../checks/check';
import { oauthError } from '../oauth-error';
import { sha256 } from '../repositories';
import { parseScope } from '../scope';
import { signUserTokens } from '../tokens';

/** grant_type=refresh_token with rotation and reuse detection (RFC 9700 §4.14.2, RFC 6749 §6). */
export async function refreshGrant(lab: OAuthServices, client: OAuthClient, body: Record<string, unknown>) {
  const token = str(body.refresh_token);
  if (!token) throw oauthError(400, 'invalid_request', 'refresh_token is required.');
  const row = lab.tokens.find(sha256(token));
  const nowMs = lab.ctx.clock.nowMs();
  const invalid = (why: string) => oauthError(400, 'invalid_grant', why);
  if (!row || row.kind !== 'refresh' || row.clientId !== client.clientId) throw invalid('Unknown refresh token.');
  if (row.status === 'rotated') {
    // A rotated token used again means two parties hold it: end the whole family (RFC 9700 §4.14.2).
    if (row.familyId) lab.tokens.revokeFamily(row.familyId);
    throw invalid('This refresh token was already used; its family is now revoked.');
  }
  if (row.status === 'revoked') throw invalid('This refresh token is revoked.');
  if (row.expiresAt <= nowMs || (row.familyExpires ?? 0) <= nowMs) throw invalid('This refresh token has expired.');
  const original = row.scope.split(' ');
  const asked = parseScope(body.scope) ?? original;
  // RFC 6749 §6: a refresh may narrow the scope, never widen it.
  if (asked.length === 0 || asked.some((s) => !original.includes(s)))
    throw oauthError(400, 'invalid_scope', 'A refresh cannot add scopes.');
  // Sign first (signing is asynchronous), then spend the old token and store the new ones in one
  // transaction: a crash in between never leaves a spent token without its successor, which the
  // client's retry would look like reuse and lose the whole grant for (RFC 9700 §4.14.2).
  const signed = await signUserTokens(lab, {
    client,
    userId: row.userId!,
    // Keep offline_access so the new refresh token is issued even when the scope was narrowed.
    scopes: asked.includes('offline_access') ? asked : [...asked, 'offline_access'],
    authTime: row.authTime ?? 0,
    nonce: null,
    codeHash: null,
    familyId: row.familyId ?? undefined,
    familyExpires: row.familyExpires ?? undefined,
  });
  const outcome = lab.ctx.db.transaction(() => {
    // Revoked while the tokens were signed (a sign-out everywhere, a reuse elsewhere): nothing is stored.
    if (lab.tokens.find(row.id)?.status === 'revoked') return 'revoked';
    // Only one of two parallel uses wins; the loser is treated as reuse.
    if (!lab.tokens.rotate(row.id)) {
      if (row.familyId) lab.tokens.revokeFamily(row.familyId);
      return 'reused';
    }
    signed.store();
    return 'rotated';
  })();
  if (outcome === 'revoked') throw invalid('This refresh token is revoked.');
  if (outcome === 'reused') throw invalid('This refresh token was already used; its family is now revoked.');
  signed.response.scope = asked.join(' ');
  return signed.response;
}
