import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { errors as joseErrors, type JWTPayload } from 'jose';
import type { ErrorCode } from '../../../common/errors';
import { checkPasswordLogin } from '../../auth/password-login';
import { LabError } from '../../core/errors';
import { constantTimeEqual, randomToken } from '../../crypto/random';
import {
  ACCESS_TTL_S,
  API_SCOPE,
  CODE_TTL_MS,
  DEVICE_CODE_TTL_S,
  DEVICE_POLL_INTERVAL_S,
  ID_TOKEN_TTL_S,
  REFRESH_ABSOLUTE_MS,
  REFRESH_IDLE_MS,
  SCOPES,
} from './settings';
import type { OAuthServices } from './services';
import { VERIFIER_PATTERN, verifierMatches } from './pkce';
import { sha256, type OAuthClient, type TokenRow } from './repositories';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** An RFC 6749 §5.2 error: `error` + `error_description`, plus the lab's `message`. */
export function oauthError(status: number, code: ErrorCode, description: string, extra: Record<string, unknown> = {}) {
  return new LabError(status, code, description, { error_description: description, ...extra });
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
  method: 'client_secret_basic' | 'client_secret_post' | 'none';
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
export function readClientCredentials(authorization: string | undefined, body: Record<string, unknown>) {
  const bodyId = typeof body.client_id === 'string' ? body.client_id : undefined;
  const bodySecret = typeof body.client_secret === 'string' ? body.client_secret : undefined;
  if (authorization !== undefined && /^basic /i.test(authorization)) {
    // RFC 6749 §2.3: a client must not use more than one authentication method per request.
    if (bodySecret !== undefined) throw oauthError(400, 'invalid_request', 'Use one client authentication method.');
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw oauthError(401, 'invalid_client', 'Malformed Basic credentials.');
    try {
      const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      const clientId = formDecode(decoded.slice(0, colon));
      const clientSecret = formDecode(decoded.slice(colon + 1));
      if (bodyId !== undefined && bodyId !== clientId)
        throw oauthError(400, 'invalid_request', 'client_id does not match the Authorization header.');
      return { clientId, clientSecret, method: 'client_secret_basic' } satisfies ClientCredentials;
    } catch (error) {
      if (error instanceof LabError) throw error;
      throw oauthError(401, 'invalid_client', 'Malformed Basic credentials.');
    }
  }
  if (bodySecret !== undefined)
    return { clientId: bodyId, clientSecret: bodySecret, method: 'client_secret_post' } as const;
  return { clientId: bodyId, method: 'none' } as const;
}

/**
 * Client authentication (RFC 6749 §2.3). Confidential clients prove their
 * secret with client_secret_basic or client_secret_post; public clients name
 * themselves only. A wrong secret and an unknown client get the same 401.
 */
export function authenticateClient(lab: OAuthServices, credentials: ClientCredentials): OAuthClient {
  lab.ensureDemoClients();
  const unknown = () => oauthError(401, 'invalid_client', 'Client authentication failed.');
  if (!credentials.clientId) throw unknown();
  const client = lab.clients.find(credentials.clientId);
  if (!client) throw unknown();
  if (client.authMethod === 'none') {
    if (credentials.method !== 'none') throw unknown();
    return client;
  }
  if (credentials.method === 'none' || !credentials.clientSecret || !client.secretHash) throw unknown();
  if (!constantTimeEqual(sha256(credentials.clientSecret), client.secretHash)) throw unknown();
  // RFC 7591 §2 / RFC 6749 §5.2: a client authenticates only by the method it registered, so a
  // secret copied from a Basic header into a form body (or the reverse) is not accepted.
  if (credentials.method !== client.authMethod)
    throw oauthError(401, 'invalid_client', `This client must authenticate with ${client.authMethod}.`);
  return client;
}

export function parseScope(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.length > 1000) return [];
  return [...new Set(raw.split(' ').filter(Boolean))];
}

/** The scopes a client may ask for (RFC 6749 §3.3): known to Lab ID and allowed for this client. */
export function checkScopes(client: OAuthClient, scopes: string[]): void {
  const allowed = new Set(client.scope.split(' '));
  const bad = scopes.filter((s) => !(s in SCOPES) || !allowed.has(s));
  if (bad.length > 0 || scopes.length === 0)
    throw oauthError(400, 'invalid_scope', `Scope not allowed for this client: ${bad.join(' ') || '(empty)'}.`);
}

export async function issueAccessToken(
  lab: OAuthServices,
  input: {
    client: OAuthClient;
    userId: number | null;
    scopes: string[];
    authTime: number | null;
    familyId: string | null;
    codeHash: string | null;
  },
): Promise<string> {
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
  lab.tokens.insert({
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
  });
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

/** Access token, ID token (with openid) and refresh token (with offline_access) for a user grant. */
async function issueUserTokens(
  lab: OAuthServices,
  input: {
    client: OAuthClient;
    userId: number;
    scopes: string[];
    authTime: number;
    nonce: string | null;
    codeHash: string | null;
    familyId?: string;
    familyExpires?: number;
  },
): Promise<TokenResponse> {
  const nowMs = lab.ctx.clock.nowMs();
  const wantsRefresh = input.scopes.includes('offline_access') && input.client.grantTypes.includes('refresh_token');
  const familyId = input.familyId ?? (wantsRefresh ? randomToken(16) : null);
  const response: TokenResponse = {
    access_token: await issueAccessToken(lab, { ...input, familyId }),
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
    lab.tokens.insert(refresh.row);
    response.refresh_token = refresh.token;
  }
  if (input.scopes.includes('openid')) {
    response.id_token = await issueIdToken(lab, input.client, input.userId, input.authTime, input.nonce, input.scopes);
  }
  return response;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** grant_type=authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.6). */
export async function exchangeCode(lab: OAuthServices, client: OAuthClient, body: Record<string, unknown>) {
  const code = str(body.code);
  const redirectUri = str(body.redirect_uri);
  const verifier = str(body.code_verifier);
  if (!code || !redirectUri) throw oauthError(400, 'invalid_request', 'code and redirect_uri are required.');
  if (!client.grantTypes.includes('authorization_code'))
    throw oauthError(400, 'unauthorized_client', 'This client may not use the authorization code grant.');
  const row = lab.codes.find(code);
  const nowMs = lab.ctx.clock.nowMs();
  const invalid = (why: string) => oauthError(400, 'invalid_grant', why);
  // The code is bound to the client it was issued to (RFC 6749 §4.1.3).
  if (!row || row.clientId !== client.clientId) throw invalid('The code is unknown or was issued to another client.');
  if (row.expiresAt <= nowMs) throw invalid('The code has expired.');
  if (row.usedAt !== null && lab.ctx.toggles.isOn('oauth.singleUseCode')) {
    // RFC 6749 §4.1.2: a code used twice must be refused, and the tokens it produced should be revoked.
    lab.tokens.revokeIssuedByCode(row.codeHash);
    throw invalid('The code was already used; the tokens it issued are now revoked.');
  }
  // The code is bound to the redirect_uri of its request, compared exactly (RFC 6749 §4.1.3).
  if (row.redirectUri !== redirectUri) throw invalid('redirect_uri does not match the authorization request.');
  if (row.codeChallenge) {
    if (!verifier || !VERIFIER_PATTERN.test(verifier)) throw invalid('code_verifier is missing or malformed.');
    // RFC 7636 §4.6: only the party that made the challenge knows the verifier.
    if (!verifierMatches(verifier, row.codeChallenge)) throw invalid('code_verifier does not match the challenge.');
  } else if (verifier !== undefined) {
    // RFC 9700 §4.8.2 (PKCE downgrade): a verifier for a code issued without a challenge is refused.
    throw invalid('This code was issued without a code_challenge.');
  }
  if (!lab.codes.spend(row.codeHash, nowMs) && lab.ctx.toggles.isOn('oauth.singleUseCode')) {
    lab.tokens.revokeIssuedByCode(row.codeHash);
    throw invalid('The code was already used; the tokens it issued are now revoked.');
  }
  return issueUserTokens(lab, {
    client,
    userId: row.userId,
    scopes: row.scope.split(' '),
    authTime: row.authTime,
    nonce: row.nonce,
    codeHash: row.codeHash,
  });
}

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
  // Only one of two parallel uses wins; the loser is treated as reuse.
  if (!lab.tokens.rotate(row.id)) {
    if (row.familyId) lab.tokens.revokeFamily(row.familyId);
    throw invalid('This refresh token was already used; its family is now revoked.');
  }
  const response = await issueUserTokens(lab, {
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
  response.scope = asked.join(' ');
  return response;
}

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

/**
 * grant_type=password: only while oauth.refuseImplicitAndPassword ("refuse implicit and password grants") is off,
 * and only for a client registered for it (RFC 9700 §2.4 says it MUST NOT be used).
 */
export async function passwordGrant(
  lab: OAuthServices,
  client: OAuthClient,
  body: Record<string, unknown>,
  ip: string,
) {
  if (lab.ctx.toggles.isOn('oauth.refuseImplicitAndPassword'))
    throw oauthError(400, 'unsupported_grant_type', 'The password grant is refused (RFC 9700 §2.4).');
  // RFC 6749 §5.2: even a legacy grant is open only to clients registered for it.
  if (!client.grantTypes.includes('password'))
    throw oauthError(400, 'unauthorized_client', 'This client may not use the password grant.');
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

/** RFC 8628 §3.4–3.5: polling with authorization_pending and slow_down. */
export async function deviceCodeGrant(lab: OAuthServices, client: OAuthClient, body: Record<string, unknown>) {
  const deviceCode = str(body.device_code);
  if (!deviceCode) throw oauthError(400, 'invalid_request', 'device_code is required.');
  const row = lab.devices.find(deviceCode);
  const nowMs = lab.ctx.clock.nowMs();
  if (!row || row.clientId !== client.clientId) throw oauthError(400, 'invalid_grant', 'Unknown device_code.');
  if (row.expiresAt <= nowMs) throw oauthError(400, 'expired_token', 'The device code has expired. Start again.');
  if (row.status === 'denied') throw oauthError(400, 'access_denied', 'The user denied the request.');
  if (row.status === 'used') throw oauthError(400, 'invalid_grant', 'This device code was already used.');
  if (row.status === 'pending') {
    // Polling faster than the interval earns slow_down and 5 more seconds (RFC 8628 §3.5).
    if (row.lastPolledAt !== null && nowMs - row.lastPolledAt < row.intervalS * 1000) {
      lab.devices.polled(row.deviceCodeHash, nowMs, row.intervalS + 5);
      throw oauthError(400, 'slow_down', 'Polling too fast.', { interval: row.intervalS + 5 });
    }
    lab.devices.polled(row.deviceCodeHash, nowMs, row.intervalS);
    throw oauthError(400, 'authorization_pending', 'The user has not answered yet.');
  }
  if (!lab.devices.use(row.deviceCodeHash))
    throw oauthError(400, 'invalid_grant', 'This device code was already used.');
  return issueUserTokens(lab, {
    client,
    userId: row.userId!,
    scopes: row.scope.split(' '),
    authTime: row.authTime ?? lab.ctx.clock.epochSeconds(),
    nonce: null,
    codeHash: null,
  });
}

const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ'; // RFC 8628 §6.1: no vowels, no look-alikes

/**
 * Uniform letters from USER_CODE_ALPHABET by rejection sampling: a byte of 240
 * or more is drawn again, since 256 is not a multiple of 20 and `b % 20` would
 * make the first 16 letters likelier (RFC 8628 §6.1 counts on the full entropy).
 */
export function userCodeLetters(count: number, randomBytes: (n: number) => Buffer = cryptoRandomBytes): string {
  const n = USER_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let out = '';
  while (out.length < count) {
    for (const b of randomBytes(count)) {
      if (b < limit && out.length < count) out += USER_CODE_ALPHABET[b % n];
    }
  }
  return out;
}

export function startDeviceAuthorization(lab: OAuthServices, client: OAuthClient, body: Record<string, unknown>) {
  if (!client.grantTypes.includes(DEVICE_GRANT))
    throw oauthError(400, 'unauthorized_client', 'This client may not use the device flow.');
  const scopes = parseScope(body.scope) ?? ['openid'];
  checkScopes(client, scopes);
  const deviceCode = randomToken(32);
  const letters = userCodeLetters(8);
  const userCode = `${letters.slice(0, 4)}-${letters.slice(4, 8)}`;
  lab.devices.insert(
    deviceCode,
    userCode,
    client.clientId,
    scopes.join(' '),
    DEVICE_POLL_INTERVAL_S,
    lab.ctx.clock.nowMs() + DEVICE_CODE_TTL_S * 1000,
  );
  const verificationUri = `${lab.issuer()}/device`;
  return {
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: verificationUri,
    verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(userCode)}`,
    expires_in: DEVICE_CODE_TTL_S,
    interval: DEVICE_POLL_INTERVAL_S,
  };
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
