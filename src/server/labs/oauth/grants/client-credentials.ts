import type { OAuthClient } from '../repositories';
import type { OAuthServices } from '../services';
import { oauthError } from '../oauth-error';
import { checkScopes, parseScope } from '../scope';
import { ACCESS_TTL_S } from '../settings';
import { issueAccessToken } from '../tokens';

/** grant_type=client_credentials (RFC 6749 §4.4): confidential clients only, no user, no refresh token. */
export async function clientCredentialsGrant(lab: OAuthServices, client: OAuthClient, body: Record<string, unknown>) {
  if (client.authMethod === 'none' || !client.grantTypes.includes('client_credentials'))
    throw oauthError(400, 'unauthorized_client', 'This client may not use client_credentials.');
  const scopes = parseScope(body.scope) ?? client.scope.split(' ');
  checkScopes(client, scopes);
  if (scopes.includes('openid') || scopes.includes('offline_access'))
    throw oauthError(400, 'invalid_scope', 'No user is involved: openid and offline_access do not apply.');
  const access = await issueAccessToken(lab, {
    client,
    userId: null,
    scopes,
    authTime: null,
    familyId: null,
    codeHash: null,
  });
  return { access_token: access, token_type: 'Bearer', expires_in: ACCESS_TTL_S, scope: scopes.join(' ') };
}
