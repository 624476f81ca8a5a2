import type { RefreshFamilyView } from '../../common/api';
import type { LabContext } from '../core/context';
import { AccessTokens } from './access-tokens';
import { JwtKeyStore, loadSecretWords } from './keys';
import { RefreshTokens } from './refresh-tokens';
import { TokenRevocations } from './revocations';

export interface JwtLab {
  keys: JwtKeyStore;
  access: AccessTokens;
  refresh: RefreshTokens;
  revocations: TokenRevocations;
  secretWords: readonly string[];
  /** Every refresh family with its tokens, newest first: what the lab's family graph draws. */
  families(limit?: number): RefreshFamilyView[];
}

/** Builds the JWT lab's services on the shared context and registers its reset. */
export function createJwtLab(ctx: LabContext): JwtLab {
  const secretWords = loadSecretWords(ctx.config.resourcesDir);
  const keys = new JwtKeyStore(ctx, secretWords);
  const revocations = new TokenRevocations(ctx);
  const access = new AccessTokens(ctx, keys, revocations);
  const refresh = new RefreshTokens(ctx, keys);
  ctx.resetHandlers.push(() => {
    ctx.db.exec('DELETE FROM jwt_refresh_tokens; DELETE FROM jwt_refresh_families; DELETE FROM jwt_denylist;');
    keys.wipe();
  });
  const families = (limit = 12): RefreshFamilyView[] => {
    const rows = ctx.db
      .prepare(
        `SELECT f.id, u.email, f.created_at, f.revoked_at, f.revoked_reason
         FROM jwt_refresh_families f JOIN users u ON u.id = f.user_id
         ORDER BY f.created_at DESC, f.rowid DESC LIMIT ?`,
      )
      .all(limit) as Array<{
      id: string;
      email: string;
      created_at: number;
      revoked_at: number | null;
      revoked_reason: string | null;
    }>;
    const tokensOf = ctx.db.prepare(
      'SELECT jti, parent_jti, status, issued_at, expires_at, used_at FROM jwt_refresh_tokens WHERE family_id = ? ORDER BY issued_at, rowid',
    );
    return rows.map((f) => ({
      id: f.id,
      email: f.email,
      createdAt: f.created_at,
      revokedAt: f.revoked_at,
      revokedReason: f.revoked_reason,
      tokens: (
        tokensOf.all(f.id) as Array<{
          jti: string;
          parent_jti: string | null;
          status: 'active' | 'rotated';
          issued_at: number;
          expires_at: number;
          used_at: number | null;
        }>
      ).map((t) => ({
        jti: t.jti,
        parentJti: t.parent_jti,
        status: t.status,
        issuedAt: t.issued_at,
        expiresAt: t.expires_at,
        usedAt: t.used_at,
      })),
    }));
  };
  return { keys, access, refresh, revocations, secretWords, families };
}
