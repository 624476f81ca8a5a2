import { randomUUID } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import type { UserRow } from '../../db/users';
import { LEEWAY_S } from './access-tokens';
import type { JwtKeyStore } from './keys';

export const REFRESH_TTL_MS = 7 * 24 * 3600 * 1000;
export const REMEMBER_ME_TTL_MS = 30 * 24 * 3600 * 1000;
export const REFRESH_TYP = 'rt+jwt';

/*
 * Refresh tokens are JWTs signed with their own HS256 key (never the access
 * key), carrying only a jti and the family id. The server keeps one row per
 * jti, so it can rotate, detect reuse and revoke: the signature only proves
 * the token came from here, the row decides whether it is still good.
 */

interface RefreshRow {
  jti: string;
  family_id: string;
  user_id: number;
  token_version: number;
  status: 'active' | 'rotated';
  remember_me: number;
  expires_at: number;
}

export interface IssuedRefreshToken {
  token: string;
  expiresAt: number;
  rememberMe: boolean;
}

interface SignedRefreshToken {
  jti: string;
  token: string;
  issuedAt: number;
}

const refreshFailure = (code: 'invalid_token' | 'token_expired' | 'token_revoked', message: string) =>
  new LabError(401, code, message);

export class RefreshTokens {
  /** The refresh tables' statements, prepared once. */
  private readonly statements;

  constructor(
    private readonly ctx: LabContext,
    private readonly keys: JwtKeyStore,
  ) {
    const db = ctx.db;
    this.statements = {
      insertFamily: db.prepare('INSERT INTO jwt_refresh_families (id, user_id, created_at) VALUES (?, ?, ?)'),
      token: db.prepare('SELECT * FROM jwt_refresh_tokens WHERE jti = ?'),
      familyRevokedAt: db.prepare('SELECT revoked_at FROM jwt_refresh_families WHERE id = ?'),
      spend: db.prepare(
        "UPDATE jwt_refresh_tokens SET status = 'rotated', used_at = ? WHERE jti = ? AND status = 'active'",
      ),
      familyOf: db.prepare('SELECT family_id FROM jwt_refresh_tokens WHERE jti = ?'),
      revokeFamily: db.prepare(
        'UPDATE jwt_refresh_families SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL',
      ),
      insertToken: db.prepare(
        `INSERT INTO jwt_refresh_tokens (jti, family_id, parent_jti, user_id, token_version, status, remember_me, issued_at, expires_at)
         VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?)`,
      ),
    };
  }

  private get audience(): string {
    return `${this.ctx.origins.app}/api/jwt/refresh`;
  }

  /** A new family for a fresh login. */
  async startFamily(user: UserRow, rememberMe: boolean): Promise<IssuedRefreshToken> {
    const familyId = randomUUID();
    const now = this.ctx.clock.nowMs();
    const expiresAt = now + (rememberMe ? REMEMBER_ME_TTL_MS : REFRESH_TTL_MS);
    const child = await this.sign({ familyId, userId: user.id, expiresAt });
    this.ctx.db.transaction(() => {
      this.statements.insertFamily.run(familyId, user.id, now);
      this.insert(child, { familyId, parentJti: null, user, rememberMe, expiresAt });
    })();
    return { token: child.token, expiresAt, rememberMe };
  }

  /**
   * Rotation (RFC 9700 §4.14.2): every use spends the token and returns its
   * child. Spending is one conditional UPDATE (`WHERE status = 'active'`),
   * and the child's row is inserted in the same transaction, so of two
   * parallel uses exactly one wins, and a crash never leaves a spent token
   * without its child (which the retry would take for reuse). A token that
   * was already spent means it leaked: the whole family is revoked.
   */
  async rotate(token: string): Promise<{ user: UserRow; refresh: IssuedRefreshToken }> {
    const jti = await this.verifySignature(token);
    const now = this.ctx.clock.nowMs();
    const reuseDetection = this.ctx.toggles.isOn('jwt.refreshReuseDetection');
    const selectRow = () => this.statements.token.get(jti) as RefreshRow | undefined;
    // The child is signed first (signing is async); a jti's family, owner and expiry never change.
    const known = selectRow();
    if (!known) throw refreshFailure('invalid_token', 'This refresh token is unknown.');
    const child = await this.sign({ familyId: known.family_id, userId: known.user_id, expiresAt: known.expires_at });
    const outcome = this.ctx.db.transaction(() => {
      const row = selectRow();
      if (!row) return { kind: 'unknown' as const };
      const family = this.statements.familyRevokedAt.get(row.family_id) as { revoked_at: number | null };
      if (family.revoked_at !== null) return { kind: 'revoked' as const };
      if (row.expires_at <= now) return { kind: 'expired' as const };
      const user = this.ctx.users.findById(row.user_id);
      if (!user || user.tokenVersion !== row.token_version) return { kind: 'revoked' as const };
      const spent = this.statements.spend.run(now, jti);
      if (spent.changes !== 1 && reuseDetection) {
        this.revokeFamily(row.family_id, 'refresh_token_reused');
        return { kind: 'reused' as const };
      }
      // The family keeps its absolute lifetime: rotation never extends a login forever.
      this.insert(child, {
        familyId: row.family_id,
        parentJti: row.jti,
        user,
        rememberMe: row.remember_me === 1,
        expiresAt: row.expires_at,
      });
      return { kind: 'ok' as const, row, user };
    })();
    switch (outcome.kind) {
      case 'unknown':
        throw refreshFailure('invalid_token', 'This refresh token is unknown.');
      case 'revoked':
        throw refreshFailure('token_revoked', 'This refresh token was revoked.');
      case 'expired':
        throw refreshFailure('token_expired', 'This refresh token has expired.');
      case 'reused':
        throw new LabError(
          401,
          'refresh_token_reused',
          'This refresh token was already used. Its whole family is now revoked: sign in again.',
        );
    }
    const { row, user } = outcome;
    return { user, refresh: { token: child.token, expiresAt: row.expires_at, rememberMe: row.remember_me === 1 } };
  }

  /** Logout: the family of this token ends, whatever its members' state. Returns whether one was found. */
  async revokeByToken(token: string): Promise<boolean> {
    let jti: string;
    try {
      jti = await this.verifySignature(token);
    } catch {
      return false;
    }
    const row = this.statements.familyOf.get(jti) as { family_id: string } | undefined;
    if (!row) return false;
    this.revokeFamily(row.family_id, 'logout');
    return true;
  }

  private revokeFamily(familyId: string, reason: string): void {
    this.statements.revokeFamily.run(this.ctx.clock.nowMs(), reason, familyId);
  }

  private async verifySignature(token: string): Promise<string> {
    if (token.length > 4096 || token.split('.').length !== 3) throw refreshFailure('invalid_token', 'Not a JWS.');
    try {
      const { kid } = decodeProtectedHeader(token);
      const key = typeof kid === 'string' ? this.keys.findByKid(kid, 'refresh') : undefined;
      if (!key) throw refreshFailure('invalid_token', 'No refresh key has this kid.');
      const { payload } = await jwtVerify(token, await this.keys.signingKey(key), {
        algorithms: [key.alg],
        typ: REFRESH_TYP,
        issuer: this.ctx.origins.app,
        audience: this.audience,
        clockTolerance: LEEWAY_S,
        currentDate: this.ctx.clock.now(),
        requiredClaims: ['jti', 'exp'],
      });
      return payload.jti!;
    } catch (error) {
      if (error instanceof LabError) throw error;
      if (error instanceof errors.JWTExpired) throw refreshFailure('token_expired', 'This refresh token has expired.');
      throw refreshFailure('invalid_token', 'This refresh token is not valid.');
    }
  }

  /** Signs a refresh token; it is good only once its row is inserted (insert()). */
  private async sign(input: { familyId: string; userId: number; expiresAt: number }): Promise<SignedRefreshToken> {
    const key = await this.keys.current('refresh');
    const jti = randomUUID();
    const issuedAt = this.ctx.clock.nowMs();
    const token = await new SignJWT({ fam: input.familyId })
      .setProtectedHeader({ alg: key.alg, typ: REFRESH_TYP, kid: key.kid })
      .setIssuer(this.ctx.origins.app)
      .setSubject(String(input.userId))
      .setAudience(this.audience)
      .setIssuedAt(Math.floor(issuedAt / 1000))
      .setExpirationTime(Math.floor(input.expiresAt / 1000))
      .setJti(jti)
      .sign(await this.keys.signingKey(key));
    return { jti, token, issuedAt };
  }

  private insert(
    signed: SignedRefreshToken,
    input: { familyId: string; parentJti: string | null; user: UserRow; rememberMe: boolean; expiresAt: number },
  ): void {
    this.statements.insertToken.run(
      signed.jti,
      input.familyId,
      input.parentJti,
      input.user.id,
      input.user.tokenVersion,
      input.rememberMe ? 1 : 0,
      signed.issuedAt,
      input.expiresAt,
    );
  }
}
