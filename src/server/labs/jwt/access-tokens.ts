import { randomUUID } from 'node:crypto';
import {
  SignJWT,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  importSPKI,
  jwtVerify,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import type { UserRow } from '../../db/users';
import { ACCESS_ALGORITHMS, type JwtKeyStore, type SigningKey } from './keys';
import type { TokenRevocations } from './revocations';
import { ACCESS_TOKEN_LEEWAY_S } from '../../../common/jwt-lab';

export const ACCESS_TTL_S = 15 * 60;
export const LONG_ACCESS_TTL_S = 30 * 24 * 3600;
/** Clock skew tolerated on exp/nbf/iat (SECURITY.md: about 60 s); the renderer counts down with the same value. */
export const LEEWAY_S = ACCESS_TOKEN_LEEWAY_S;
export const ACCESS_TYP = 'at+jwt';
export const AUDIENCE = 'authlab-api';
export const CLIENT_ID = 'authlab-jwt-lab';
/** A JWS longer than this is not a token this lab issued: refuse before parsing. */
const MAX_TOKEN_LENGTH = 8 * 1024;
/** How many verified tokens are remembered. */
const MAX_REMEMBERED = 1000;
/** Remembered tokens are found by their last characters (part of the signature), then compared whole. */
const LOOKUP_CHARS = 16;

/** A token jose accepted with a kept key: what it was checked with, and its claims. */
interface VerifiedToken {
  token: string;
  alg: string;
  kid: string;
  /** The key row it verified with; a rotation or wipe makes new rows, so old entries stop matching. */
  key: SigningKey;
  issuer: string;
  claims: AccessClaims;
}

/** The key a token's header picks: a kept key of the store, or (a vulnerable mode) text to import as the header says. */
type KeyChoice = { kept: SigningKey; material?: undefined } | { kept?: undefined; material: string };

export interface AccessClaims extends JWTPayload {
  sub: string;
  role: string;
  client_id: string;
  /** The user's token version at issue time; logout-all bumps it (SECURITY.md, JWT). */
  ver: number;
  jti: string;
}

export const invalidToken = (message = 'The access token is not valid.') => new LabError(401, 'invalid_token', message);
export const expiredToken = () => new LabError(401, 'token_expired', 'The access token has expired.');
export const revokedToken = (message = 'The access token was revoked.') => new LabError(401, 'token_revoked', message);

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Issues and checks access tokens shaped like RFC 9068 (JWT access tokens):
 * typed `at+jwt`, with iss, sub, aud, exp, iat, jti and client_id.
 */
export class AccessTokens {
  /**
   * Tokens whose signature a kept key has verified, by key and exact token
   * text. A bearer client sends the same token on every request, and a
   * signature check is a pure function of the key and the token's bytes: it
   * cannot come out differently the second time. Everything else is still
   * checked on every request: the key is looked up by kid (and must be live,
   * allowed, of the header's algorithm), exp and nbf against the lab clock,
   * then revocation and token version. Only tokens that passed are kept, so
   * a forged one always goes through the full check; a key that is dropped
   * takes its entries with it. An EdDSA or ES256 verify costs 50-60 µs of
   * CPU, more than the rest of the request together. A hit
   * needs no promise: the bearer guard asks for it synchronously first.
   */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(
    private readonly ctx: LabContext,
    private readonly keys: JwtKeyStore,
    private readonly revocations: TokenRevocations,
  ) {}

  get issuer(): string {
    return this.ctx.origins.app;
  }

  ttlSeconds(): number {
    return this.ctx.toggles.isOn('jwt.shortAccessTtl') ? ACCESS_TTL_S : LONG_ACCESS_TTL_S;
  }

  async issue(user: UserRow): Promise<{ accessToken: string; expiresIn: number }> {
    const key = await this.keys.current('access');
    const now = this.ctx.clock.epochSeconds();
    const expiresIn = this.ttlSeconds();
    const accessToken = await new SignJWT({ role: user.role, client_id: CLIENT_ID, ver: user.tokenVersion })
      .setProtectedHeader({ alg: key.alg, typ: ACCESS_TYP, kid: key.kid })
      .setIssuer(this.issuer)
      .setSubject(String(user.id))
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn)
      .setJti(randomUUID())
      .sign(await this.keys.signingKey(key));
    return { accessToken, expiresIn };
  }

  /** Verifies a bearer token and its revocation state; throws a 401 LabError with a stable code. */
  async verify(token: string): Promise<{ claims: AccessClaims; user: UserRow }> {
    return this.checkHolder(this.rememberedClaims(token) ?? (await this.checkToken(token)));
  }

  /**
   * verify() for a token whose signature was verified before, without a
   * promise; undefined when it was not (or anything else changed): then
   * verify() decides. Throws the same 401s for revocation.
   */
  verifyRemembered(token: string): { claims: AccessClaims; user: UserRow } | undefined {
    const claims = this.rememberedClaims(token);
    return claims && this.checkHolder(claims);
  }

  /** What no signature says: the user still exists, the token was not logged out, its version is current. */
  private checkHolder(claims: AccessClaims): { claims: AccessClaims; user: UserRow } {
    const user = /^\d{1,15}$/.test(claims.sub) ? this.ctx.users.findById(Number(claims.sub)) : undefined;
    if (!user) throw invalidToken('The token names no user of this lab.');
    // Logout and logout-all end a token before its exp (SECURITY.md, JWT).
    if (this.revocations.isDenied(claims.jti)) throw revokedToken('This token was logged out.');
    if (claims.ver !== user.tokenVersion) throw revokedToken('All sessions of this user were logged out.');
    return { claims, user };
  }

  private async checkToken(token: string): Promise<AccessClaims> {
    if (token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) throw invalidToken('This is not a JWS.');
    let header: ProtectedHeaderParameters;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw invalidToken('The token header is not valid base64url JSON.');
    }
    // jku, jwk, x5u and x5c are never read: a token must not choose its own key (RFC 8725 §3.10).
    const alg = typeof header.alg === 'string' ? header.alg : '';
    const toggles = this.ctx.toggles;

    if (!toggles.isOn('jwt.verifySignature')) return this.checkDecodedOnly(token);
    if (alg.toLowerCase() === 'none') {
      // RFC 8725 §3.1: "none" must never be accepted where a signature is expected.
      if (toggles.isOn('jwt.algorithmAllowList')) throw invalidToken('Unsigned tokens (alg "none") are refused.');
      return this.checkDecodedOnly(token);
    }
    const kid = typeof header.kid === 'string' ? header.kid : '';
    const choice = this.chooseKey(alg, kid);
    const key = choice.kept
      ? // The key's own algorithm: imported once per kid and kept (profiled as the hot path's largest cost).
        await this.keys.verifyKey(choice.kept)
      : await materialFor(alg, choice.material);
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: [alg],
        issuer: this.issuer,
        audience: AUDIENCE,
        typ: ACCESS_TYP,
        clockTolerance: LEEWAY_S,
        currentDate: this.ctx.clock.now(),
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti'],
      });
      const claims = asAccessClaims(payload);
      if (choice.kept) this.remember({ token, alg, kid, key: choice.kept, issuer: this.issuer, claims: { ...claims } });
      return claims;
    } catch (error) {
      if (error instanceof LabError) throw error;
      if (error instanceof errors.JWTExpired) throw expiredToken();
      throw invalidToken(describeJoseFailure(error));
    }
  }

  /**
   * The claims of a token a kept key verified before, if every other check
   * of checkToken still passes now: signatures still checked, the same kid
   * picks the same key row under the current toggles, and the time rules
   * jose applies (nbf, exp, with the leeway, on the lab clock). Anything
   * else, including an error, leaves the token to the full check, which then
   * gives its own answer.
   */
  private rememberedClaims(token: string): AccessClaims | undefined {
    const known = this.verified.get(token.slice(-LOOKUP_CHARS));
    if (!known || known.token !== token || known.issuer !== this.issuer) return undefined;
    if (!this.ctx.toggles.isOn('jwt.verifySignature')) return undefined;
    try {
      if (this.chooseKey(known.alg, known.kid).kept !== known.key) return undefined;
    } catch {
      return undefined;
    }
    const now = this.ctx.clock.epochSeconds();
    const { nbf, exp } = known.claims;
    if (nbf !== undefined && nbf > now + LEEWAY_S) return undefined;
    if (exp === undefined || exp <= now - LEEWAY_S) return undefined;
    // A copy: no caller can change what the next request gets.
    return { ...known.claims };
  }

  private remember(entry: VerifiedToken): void {
    // Oldest out first; a lab rarely has this many live tokens.
    if (this.verified.size >= MAX_REMEMBERED) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(entry.token.slice(-LOOKUP_CHARS), entry);
  }

  /**
   * Picks the key by kid. With the defences on, the key's own algorithm must
   * match the header's. `kept`: the store's own key (its imported form is
   * kept per kid); `material`: text a vulnerable mode imports as the header says.
   */
  private chooseKey(alg: string, kid: string): KeyChoice {
    const allowList = this.ctx.toggles.isOn('jwt.algorithmAllowList');
    if (allowList && !(ACCESS_ALGORITHMS as readonly string[]).includes(alg)) {
      throw invalidToken(`The algorithm "${alg.slice(0, 20)}" is not on the allow-list.`);
    }
    if (!this.ctx.toggles.isOn('jwt.kidSanitizing')) {
      const material = this.keys.findByKidUnsafely(kid);
      if (material === undefined) throw invalidToken('No key has this kid.');
      // Only the kid lookup is unsafe here: a real key still keeps its one algorithm while the allow-list is on.
      const known = this.keys.findByKid(kid, 'access');
      if (allowList && known && known.alg !== alg) throw invalidToken(`Key ${kid} is for ${known.alg}, not ${alg}.`);
      return { material };
    }
    const key = this.keys.findByKid(kid, 'access');
    if (!key) throw invalidToken('No key has this kid.');
    if (!allowList && key.alg !== alg) return { material: key.verifyMaterial };
    // One key, one algorithm: HS256 "signed" with an RSA public key is refused here (RFC 8725 §3.1).
    if (key.alg !== alg) throw invalidToken(`Key ${kid} is for ${key.alg}, not ${alg}.`);
    if (key.weak && allowList && this.ctx.toggles.isOn('jwt.strongSecret')) {
      throw invalidToken('This key is too weak to trust.');
    }
    return { kept: key };
  }

  /** What a server that only decodes does: read the claims, check the times, trust the rest. */
  private checkDecodedOnly(token: string): AccessClaims {
    let payload: JWTPayload;
    try {
      payload = decodeJwt(token);
    } catch {
      throw invalidToken('The token payload is not valid base64url JSON.');
    }
    const now = this.ctx.clock.epochSeconds();
    if (typeof payload.exp !== 'number') throw invalidToken('The token has no exp.');
    if (payload.exp + LEEWAY_S <= now) throw expiredToken();
    if (payload.iss !== this.issuer) throw invalidToken('The token has the wrong issuer.');
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!aud.includes(AUDIENCE)) throw invalidToken('The token is for another audience.');
    return asAccessClaims(payload);
  }
}

/**
 * The verification key as a naive library builds it: the header's algorithm
 * decides how the stored text is used. For HS256 the text itself is the HMAC
 * key, so with an RSA key's row that text is the public PEM: key confusion.
 */
async function materialFor(alg: string, material: string) {
  if (alg.startsWith('HS')) return utf8(material);
  try {
    return await importSPKI(material, alg);
  } catch {
    throw invalidToken(`The key cannot verify ${alg.slice(0, 20)}.`);
  }
}

function asAccessClaims(payload: JWTPayload): AccessClaims {
  const { sub, jti, role, ver } = payload;
  if (typeof sub !== 'string' || typeof jti !== 'string' || typeof role !== 'string' || typeof ver !== 'number') {
    throw invalidToken('The token lacks sub, jti, role or ver.');
  }
  return payload as AccessClaims;
}

function describeJoseFailure(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The signature does not match.';
  if (error instanceof errors.JWTClaimValidationFailed) return `Claim check failed: ${error.claim} (${error.reason}).`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The algorithm is not allowed for this key.';
  return 'The token could not be verified.';
}
