import { createHash } from 'node:crypto';
import type { Session } from 'fastify';
import type { LabContext } from '../../core/context';
import { randomToken } from '../../crypto/random';
import { IDLE_TIMEOUT_MS } from './policy';

/** What a lab session holds besides @fastify/session's own cookie record. */
export interface LabSessionData {
  userId?: number;
  csrfToken?: string;
  createdAt?: number;
  absoluteExpiresAt?: number;
  rememberMe?: boolean;
  userAgent?: string;
  /** True when the id came from a URL (the legacy entry point), the fixation vector. */
  adoptedFromUrl?: boolean;
  /** The Set-Cookie attributes issued with this id, for the report route. */
  issuedCookie?: string;
}

export interface SessionRow {
  handle: string;
  userId: number | null;
  data: LabSessionData;
  userAgent: string | null;
  rememberMe: boolean;
  createdAt: number;
  lastSeenAt: number;
  absoluteExpiresAt: number;
}

interface RawSession {
  id_hash: string;
  handle: string;
  user_id: number | null;
  data: string;
  user_agent: string | null;
  remember_me: number;
  created_at: number;
  last_seen_at: number;
  absolute_expires_at: number;
}

type Callback<T = void> = (error?: Error | null, value?: T) => void;

/** Only the hash of an id is stored; a leaked database holds no usable session ids. */
export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('base64url');

const fromRow = (r: RawSession): SessionRow => ({
  handle: r.handle,
  userId: r.user_id,
  data: JSON.parse(r.data) as LabSessionData,
  userAgent: r.user_agent,
  rememberMe: r.remember_me === 1,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  absoluteExpiresAt: r.absolute_expires_at,
});

/**
 * The SQLite store behind @fastify/session. Expiry is decided here, by the
 * lab clock, not by the cookie: a client that keeps an old cookie, or edits
 * its Expires, still gets nothing once the server says the session is over
 * (OWASP ASVS 5.0 V7.3.1 idle timeout, V7.3.2 absolute lifetime).
 */
export class SqliteSessionStore {
  /** Prepared once: GET /api/session/me runs `byHash` and `touch` on every request. */
  private readonly statements;

  constructor(private readonly ctx: Pick<LabContext, 'db' | 'clock' | 'toggles'>) {
    const db = ctx.db;
    this.statements = {
      byHash: db.prepare('SELECT * FROM sessions WHERE id_hash = ?'),
      upsert: db.prepare(
        `INSERT INTO sessions (id_hash, handle, user_id, data, user_agent, remember_me, created_at, last_seen_at, absolute_expires_at)
         VALUES (@idHash, @handle, @userId, @data, @userAgent, @rememberMe, @createdAt, @now, @absoluteExpiresAt)
         ON CONFLICT(id_hash) DO UPDATE SET user_id = excluded.user_id, data = excluded.data,
           user_agent = excluded.user_agent, remember_me = excluded.remember_me, last_seen_at = excluded.last_seen_at,
           absolute_expires_at = excluded.absolute_expires_at`,
      ),
      touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?'),
      delete: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
      forUser: db.prepare('SELECT * FROM sessions WHERE user_id = ? ORDER BY created_at DESC'),
      hasHandle: db.prepare('SELECT 1 FROM sessions WHERE handle = ?'),
      deleteByHandle: db.prepare('DELETE FROM sessions WHERE handle = ? AND user_id = ?'),
      sweep: db.prepare('DELETE FROM sessions WHERE absolute_expires_at <= ? OR last_seen_at <= ?'),
      clear: db.prepare('DELETE FROM sessions'),
    };
  }

  /** Why a row is no longer valid at `now`, or null while it is live. */
  expiryOf(row: Pick<SessionRow, 'lastSeenAt' | 'absoluteExpiresAt'>, now = this.ctx.clock.nowMs()) {
    if (now >= row.absoluteExpiresAt) return 'absolute' as const;
    if (this.ctx.toggles.isOn('session.idleTimeout') && now >= row.lastSeenAt + IDLE_TIMEOUT_MS) return 'idle' as const;
    return null;
  }

  /** The live row for a session id; an expired row is deleted on sight. */
  findLive(id: string): SessionRow | undefined {
    const row = this.findAny(id);
    if (!row) return undefined;
    if (this.expiryOf(row)) {
      this.delete(id);
      return undefined;
    }
    return row;
  }

  findAny(id: string): SessionRow | undefined {
    const raw = this.statements.byHash.get(hashSessionId(id)) as RawSession | undefined;
    return raw && fromRow(raw);
  }

  /** Creates or replaces a session's data; `last_seen_at` moves to now. */
  write(id: string, data: LabSessionData): void {
    const now = this.ctx.clock.nowMs();
    const createdAt = data.createdAt ?? now;
    this.statements.upsert.run({
      idHash: hashSessionId(id),
      handle: randomToken(16),
      userId: data.userId ?? null,
      data: JSON.stringify(data),
      userAgent: data.userAgent ?? null,
      rememberMe: data.rememberMe ? 1 : 0,
      createdAt,
      now,
      absoluteExpiresAt: data.absoluteExpiresAt ?? createdAt,
    });
  }

  /** Records activity for the idle timeout without rewriting the session. */
  touch(id: string): void {
    this.statements.touch.run(this.ctx.clock.nowMs(), hashSessionId(id));
  }

  delete(id: string): void {
    this.statements.delete.run(hashSessionId(id));
  }

  listForUser(userId: number): Array<SessionRow & { idHash: string }> {
    const rows = this.statements.forUser.all(userId) as RawSession[];
    return rows.map((r) => ({ ...fromRow(r), idHash: r.id_hash })).filter((r) => !this.expiryOf(r));
  }

  hasHandle(handle: string): boolean {
    return this.statements.hasHandle.get(handle) !== undefined;
  }

  /** Ends one of this user's sessions by its public handle; false if it is not theirs (or not there). */
  deleteByHandle(userId: number, handle: string): boolean {
    return this.statements.deleteByHandle.run(handle, userId).changes === 1;
  }

  /** Deletes every row past its absolute lifetime or idle timeout; returns how many. */
  sweep(): number {
    const now = this.ctx.clock.nowMs();
    const idleCutoff = this.ctx.toggles.isOn('session.idleTimeout') ? now - IDLE_TIMEOUT_MS : Number.MIN_SAFE_INTEGER;
    return this.statements.sweep.run(now, idleCutoff).changes;
  }

  clear(): void {
    this.statements.clear.run();
  }

  /** The callback interface @fastify/session calls. */
  get(id: string, callback: Callback<Session | null>): void {
    try {
      const row = this.findLive(id);
      callback(null, row ? (row.data as Session) : null);
    } catch (error) {
      callback(error as Error);
    }
  }

  set(id: string, session: Session, callback: Callback): void {
    try {
      this.write(id, JSON.parse(JSON.stringify(session)) as LabSessionData);
      callback(null);
    } catch (error) {
      callback(error as Error);
    }
  }

  destroy(id: string, callback: Callback): void {
    try {
      this.delete(id);
      callback(null);
    } catch (error) {
      callback(error as Error);
    }
  }
}
