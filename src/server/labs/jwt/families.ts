import type { RefreshFamilyView } from '../../../common/api';
import { isoTime, isoTimeOrNull } from '../../../common/schemas/common';
import type { LabDatabase } from '../../db/open';

interface RawFamily {
  id: string;
  email: string;
  created_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

interface RawToken {
  jti: string;
  parent_jti: string | null;
  status: 'active' | 'rotated';
  issued_at: number;
  expires_at: number;
  used_at: number | null;
}

/** Read side of the refresh-token tables: the families graph the lab page draws. */
export class RefreshFamilies {
  private readonly statements;

  constructor(db: LabDatabase) {
    this.statements = {
      recent: db.prepare(
        `SELECT f.id, u.email, f.created_at, f.revoked_at, f.revoked_reason
         FROM jwt_refresh_families f JOIN users u ON u.id = f.user_id
         ORDER BY f.created_at DESC, f.rowid DESC LIMIT ?`,
      ),
      tokensOf: db.prepare(
        'SELECT jti, parent_jti, status, issued_at, expires_at, used_at FROM jwt_refresh_tokens WHERE family_id = ? ORDER BY issued_at, rowid',
      ),
      clear: db.prepare('DELETE FROM jwt_refresh_families'),
      clearTokens: db.prepare('DELETE FROM jwt_refresh_tokens'),
    };
  }

  /** Every refresh family with its tokens, newest first. */
  recent(limit = 12): RefreshFamilyView[] {
    return (this.statements.recent.all(limit) as RawFamily[]).map((f) => ({
      id: f.id,
      email: f.email,
      createdAt: isoTime(f.created_at),
      revokedAt: isoTimeOrNull(f.revoked_at),
      revokedReason: f.revoked_reason,
      tokens: (this.statements.tokensOf.all(f.id) as RawToken[]).map((t) => ({
        jti: t.jti,
        parentJti: t.parent_jti,
        status: t.status,
        issuedAt: isoTime(t.issued_at),
        expiresAt: isoTime(t.expires_at),
        usedAt: isoTimeOrNull(t.used_at),
      })),
    }));
  }

  /** Lab reset: tokens first, then the families they belong to. */
  clear(): void {
    this.statements.clearTokens.run();
    this.statements.clear.run();
  }
}
