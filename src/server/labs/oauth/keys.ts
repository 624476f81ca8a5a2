import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  SignJWT,
  compactVerify,
  jwtVerify,
  type JWK,
  type JWTPayload,
  type JWTVerifyOptions,
  type JWTVerifyResult,
} from 'jose';
import type { LabContext } from '../../core/context';
import { randomToken } from '../../crypto/random';

/**
 * Lab ID's signing key: one RS256 key per lab, made on first start and kept
 * sealed in the settings table. It is imported once here, not per request. RS256 is
 * the algorithm every OpenID Connect client must support (OIDC Core §15.1).
 */
export class IdpKeys {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicJwk: JWK;

  constructor(ctx: LabContext) {
    const stored = ctx.settings.getOrCreateSecret('oauth.signingKey', () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return { kid: randomToken(16), pkcs8: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    });
    this.kid = stored.kid;
    this.privateKey = createPrivateKey(stored.pkcs8);
    this.publicKey = createPublicKey(this.privateKey);
    // Exporting the *public* key gives only n and e: the JWKS never carries a private member (RFC 7517 §9.3).
    this.publicJwk = { ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' };
  }

  sign(payload: JWTPayload, typ: 'at+jwt' | 'JWT'): Promise<string> {
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: this.kid, typ }).sign(this.privateKey);
  }

  /** RS256 only: the header never chooses the algorithm (RFC 8725 §3.1). */
  verify(token: string, options: JWTVerifyOptions): Promise<JWTVerifyResult> {
    return jwtVerify(token, this.publicKey, { ...options, algorithms: ['RS256'] });
  }

  /**
   * Signature and typ only, no time checks: revocation and introspection must
   * still recognise an expired token, but never one Lab ID did not sign.
   */
  async verifySignature(token: string, typ: 'at+jwt' | 'JWT'): Promise<JWTPayload> {
    const { payload, protectedHeader } = await compactVerify(token, this.publicKey, { algorithms: ['RS256'] });
    if (protectedHeader.typ !== typ) throw new Error('unexpected typ');
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (!claims || typeof claims !== 'object' || Array.isArray(claims)) throw new Error('payload is not an object');
    return claims as JWTPayload;
  }
}
