import type { OAuthClient } from '../repositories';
import type { OAuthServices } from '../services';
import { single as str } from '../checks/check';
import { checkPasswordGrant } from '../checks/token';
import { oauthError } from '../oauth-error';
import { checkPasswordLogin } from '../../../auth/password-login';
import { LabError } from '../../../core/errors';
import { checkScopes, parseScope } from '../scope';
import { issueUserTokens } from '../tokens';

/** grant_type=password (RFC 6749 §4.3), kept only for the lab: see checkPasswordGrant. */
export async function passwordGrant(
  lab: OAuthServices,
  client: OAuthClient,
  body: Record<string, unknown>,
  ip: string,
) {
  checkPasswordGrant.run({ lab, client, body });
  const username = str(body.username);
  const password = str(body.password);
  if (!username || !password) throw oauthError(400, 'invalid_request', 'username and password are required.');
  const scopes = parseScope(body.scope) ?? ['openid'];
  checkScopes(client, scopes);
  let result;
  try {
    result = await checkPasswordLogin(lab.ctx, { email: username, password, ip, purpose: 'oauth' });
  } catch (error) {
    if (error instanceof LabError && error.code === 'invalid_credentials')
      throw oauthError(400, 'invalid_grant', 'The username or password is wrong.');
    // login.uniformErrors off: the grant passes on which half was wrong, as the login routes do.
    if (error instanceof LabError && (error.code === 'unknown_user' || error.code === 'wrong_password'))
      throw oauthError(400, 'invalid_grant', error.message);
    throw error;
  }
  if (result.kind !== 'authenticated') throw oauthError(400, 'invalid_grant', 'This account needs MFA.');
  return issueUserTokens(lab, {
    client,
    userId: result.user.id,
    scopes,
    authTime: lab.ctx.clock.epochSeconds(),
    nonce: null,
    codeHash: null,
  });
}
