import { errors as joseErrors, type JWTPayload } from 'jose';
import { randomToken } from '../../crypto/random';
import { ACCESS_TTL_S, API_SCOPE, CODE_TTL_MS, ID_TOKEN_TTL_S, REFRESH_ABSOLUTE_MS, REFRESH_IDLE_MS } from './settings';
import type { OAuthServices } from './services';
import { sha256, type OAuthClient, type TokenRow } from './repositories';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

interface AccessTokenInput {
  client: OAuthClient;
  userId: number | null;
  scopes: string[];
  authTime: number | null;
  familyId: string | null;
  codeHash: string | null;
}

/** Signs an access token and builds its row; nothing is stored yet. */
async function signAccessToken(lab: OAuthServices, input: AccessTokenInput): Promise<{ token: string; row: TokenRow }> {
  const now = lab.ctx.clock.epochSeconds();
  const jti = randomToken(16);
  const audience = [
    ...(input.scopes.includes(API_SCOPE) ? [lab.apiAudience()] : []),
    ...(input.scopes.includes('openid') ? [`${lab.issuer()}/userinfo`] : []),
  ];
  // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti; typ "at+jwt" so it can never pass as an ID token.
  const token = await lab.keys.sign(
    {
      iss: lab.issuer(),
      sub: input.userId === null ? input.client.clientId : String(input.userId),
      aud: audience.length === 1 ? audience[0] : audience,
      client_id: input.client.clientId,
      scope: input.scopes.join(' '),
      iat: now,
      exp: now + ACCESS_TTL_S,
      jti,
      ...(input.authTime === null ? {} : { auth_time: input.authTime }),
    },
    'at+jwt',
  );
  return {
    token,
    row: {
      id: jti,
      kind: 'access',
      clientId: input.client.clientId,
      userId: input.userId,
      scope: input.scopes.join(' '),
      familyId: input.familyId,
      codeHash: input.codeHash,
      status: 'active',
      authTime: input.authTime,
      issuedAt: now * 1000,
      expiresAt: (now + ACCESS_TTL_S) * 1000,
      familyExpires: null,
    },
  };
}

export async function issueAccessToken(lab: OAuthServices, input: AccessTokenInput): Promise<string> {
  const { token, row } = await signAccessToken(lab, input);
  lab.tokens.insert(row);
  return token;
}

async function issueIdToken(
  lab: OAuthServices,
  client: OAuthClient,
  userId: number,
  authTime: number,
  nonce: string | null,
  scopes: string[],
): Promise<string> {
  const now = lab.ctx.clock.epochSeconds();
  const user = lab.ctx.users.findById(userId);
  // OIDC Core §2: iss, sub, aud, exp, iat; auth_time; the nonce exactly as the client sent it (§3.1.2.1).
  return lab.keys.sign(
    {
      iss: lab.issuer(),
      sub: String(userId),
      aud: client.clientId,
      azp: client.clientId,
      iat: now,
      exp: now + ID_TOKEN_TTL_S,
      auth_time: authTime,
      ...(nonce ? { nonce } : {}),
      ...(scopes.includes('email') && user ? { email: user.email, email_verified: true } : {}),
      ...(scopes.includes('profile') && user ? { name: user.displayName ?? user.email.split('@')[0] } : {}),
    },
    'JWT',
  );
}

function newRefreshRow(
  client: OAuthClient,
  userId: number,
  scopes: string[],
  authTime: number,
  familyId: string,
  familyExpires: number,
  codeHash: string | null,
  nowMs: number,
): { token: string; row: TokenRow } {
  const token = randomToken(32);
  return {
    token,
    row: {
      id: sha256(token),
      kind: 'refresh',
      clientId: client.clientId,
      userId,
      scope: scopes.join(' '),
      familyId,
      codeHash,
      status: 'active',
      authTime,
      issuedAt: nowMs,
      // Idle lifetime: each rotation restarts it, but never past the family's absolute end (RFC 9700 §4.14.2).
      expiresAt: Math.min(nowMs + REFRESH_IDLE_MS, familyExpires),
      familyExpires,
    },
  };
}

interface UserTokensInput {
  client: OAuthClient;
  userId: number;
  scopes: string[];
  authTime: number;
  nonce: string | null;
  codeHash: string | null;
  familyId?: string;
  familyExpires?: number;
}

/**
 * Signs a user grant's tokens: access token, ID token (with openid) and
 * refresh token (with offline_access). Nothing is stored until `store()`
 * runs, which is synchronous, so a caller can sign first (signing is
 * asynchronous) and then store inside its own transaction.
 */
export async function signUserTokens(
  lab: OAuthServices,
  input: UserTokensInput,
): Promise<{ response: TokenResponse; store: () => void }> {
  const nowMs = lab.ctx.clock.nowMs();
  const wantsRefresh = input.scopes.includes('offline_access') && input.client.grantTypes.includes('refresh_token');
  const familyId = input.familyId ?? (wantsRefresh ? randomToken(16) : null);
  const access = await signAccessToken(lab, { ...input, familyId });
  const rows = [access.row];
  const response: TokenResponse = {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: ACCESS_TTL_S,
    scope: input.scopes.join(' '),
  };
  if (wantsRefresh && familyId) {
    const familyExpires = input.familyExpires ?? nowMs + REFRESH_ABSOLUTE_MS;
    const refresh = newRefreshRow(
      input.client,
      input.userId,
      input.scopes,
      input.authTime,
      familyId,
      familyExpires,
      input.codeHash,
      nowMs,
    );
    rows.push(refresh.row);
    response.refresh_token = refresh.token;
  }
  if (input.scopes.includes('openid')) {
    response.id_token = await issueIdToken(lab, input.client, input.userId, input.authTime, input.nonce, input.scopes);
  }
  return { response, store: () => rows.forEach((row) => lab.tokens.insert(row)) };
}

/** Signs and stores a user grant's tokens at once. */
export async function issueUserTokens(lab: OAuthServices, input: UserTokensInput): Promise<TokenResponse> {
  const { response, store } = await signUserTokens(lab, input);
  lab.ctx.db.transaction(store)();
  return response;
}

/** Issues an authorization code bound to client, redirect_uri, PKCE challenge and nonce. */
export function issueCode(
  lab: OAuthServices,
  input: {
    clientId: string;
    userId: number;
    redirectUri: string;
    scope: string;
    nonce?: string;
    codeChallenge?: string;
    authTime: number;
  },
): string {
  const code = randomToken(32);
  const nowMs = lab.ctx.clock.nowMs();
  lab.codes.insert(code, {
    clientId: input.clientId,
    userId: input.userId,
    redirectUri: input.redirectUri,
    scope: input.scope,
    nonce: input.nonce ?? null,
    codeChallenge: input.codeChallenge ?? null,
    authTime: input.authTime,
    createdAt: nowMs,
    expiresAt: nowMs + CODE_TTL_MS,
  });
  return code;
}

/** Finds the stored row of a token: refresh tokens by hash, access tokens (JWTs) by their jti. */
export async function findToken(lab: OAuthServices, token: string): Promise<TokenRow | undefined> {
  if (token.length > 8192) return undefined;
  const byHash = lab.tokens.find(sha256(token));
  if (byHash) return byHash;
  let claims: JWTPayload;
  try {
    // RFC 7662 §2.2 / RFC 7009 §2: only a token Lab ID signed names a jti; an unsigned copy with a
    // guessed or leaked jti must not revoke or introspect it. Expiry is not checked: introspection
    // answers active=false for an expired token by itself.
    claims = await lab.keys.verifySignature(token, 'at+jwt');
  } catch {
    return undefined;
  }
  const row = typeof claims.jti === 'string' ? lab.tokens.find(claims.jti) : undefined;
  return row?.kind === 'access' ? row : undefined;
}

/**
 * Verifies a Lab ID access token for a resource: signature (RS256 only), typ
 * at+jwt, issuer, audience, expiry by the lab clock, and that it was not
 * revoked (RFC 9068 §4).
 */
export async function verifyAccessToken(lab: OAuthServices, token: string, audience: string) {
  try {
    const { payload } = await lab.keys.verify(token, {
      issuer: lab.issuer(),
      audience,
      typ: 'at+jwt',
      currentDate: lab.ctx.clock.now(),
    });
    const row = typeof payload.jti === 'string' ? lab.tokens.find(payload.jti) : undefined;
    if (!row || row.status === 'revoked') return { ok: false as const, reason: 'The token was revoked.' };
    return { ok: true as const, payload };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { ok: false as const, reason: 'The token has expired.' };
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud')
      return { ok: false as const, reason: 'The token was issued for another audience.' };
    return { ok: false as const, reason: 'The token is not a valid Lab ID access token.' };
  }
}
