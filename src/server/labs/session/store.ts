import type { Session } from 'fastify';
import { hashSessionId } from '../../auth/session-cookie';
import type { LabContext } from '../../core/context';
import { randomToken } from '../../crypto/random';
import { RowCache } from '../../db/row-cache';
import { IDLE_TIMEOUT_MS, MAX_SESSIONS_PER_USER } from './policy';

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

/**
 * How far the stored last_seen_at may lag behind the real last activity
 * before touch() writes it. The real value is kept in memory meanwhile, so the
 * idle timeout stays exact on the lab clock; only the disk copy lags.
 */
export const TOUCH_WRITE_INTERVAL_MS = 5_000;

/**
 * Cookie record fields @fastify/session reads as "unset" whether they are
 * null or absent (`x || null`, `x != null`, `if (x)`), and that its cookie
 * defaults never set.
 */
const NULLABLE_COOKIE_FIELDS = ['expires', 'originalMaxAge', 'originalExpires', 'domain'] as const;

/** Per stored data object (kept by the row cache while unchanged): what get() hands @fastify/session. */
const sessionViews = new WeakMap<LabSessionData, Session>();

/**
 * The stored session as @fastify/session restores it, with the cookie
 * record's null fields left out. It restores the same Session and Cookie
 * from either, but copying and deleting those nulls made each restore
 * (every signed-in request) take twice as long (measured; bench/README.md
 * "Performance"). Built once per stored row, not per request.
 */
export function sessionViewOf(data: LabSessionData): Session {
  let view = sessionViews.get(data);
  if (view === undefined) {
    const stored = data as LabSessionData & { cookie?: Record<string, unknown> };
    // Built without `delete`, which would leave V8 a slow dictionary-mode object.
    const cookie =
      stored.cookie &&
      Object.fromEntries(
        Object.entries(stored.cookie).filter(
          ([field, value]) => !(value === null && (NULLABLE_COOKIE_FIELDS as readonly string[]).includes(field)),
        ),
      );
    view = (cookie ? { ...stored, cookie } : stored) as Session;
    sessionViews.set(data, view);
  }
  return view;
}

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
  /** Per id hash: the last_seen_at this process last wrote to the row. */
  private readonly written = new Map<string, number>();
  /** Per id hash: activity newer than the row's last_seen_at, not yet written (at most TOUCH_WRITE_INTERVAL_MS old). */
  private readonly unwritten = new Map<string, number>();
  /**
   * Rows by id hash, kept while the database is unchanged: every signed-in
   * request reads its session. Any write (a login, a logout, a touch that
   * reaches the row, a sweep) empties it.
   */
  private readonly rows: RowCache<string, SessionRow | undefined>;

  constructor(private readonly ctx: Pick<LabContext, 'db' | 'clock' | 'toggles'>) {
    const db = ctx.db;
    this.rows = new RowCache(db);
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
      evictOldest: db.prepare(
        `DELETE FROM sessions WHERE id_hash IN (
           SELECT id_hash FROM sessions WHERE user_id = @userId
           ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET @keep)
         RETURNING id_hash`,
      ),
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
    const idHash = hashSessionId(id);
    const row = this.rows.get(idHash, this.readByHash);
    // A copy of the kept row: withActivity and callers change their own. Its data is only read.
    return row && this.withActivity({ ...row }, idHash);
  }

  private readonly readByHash = (idHash: string): SessionRow | undefined => {
    const raw = this.statements.byHash.get(idHash) as RawSession | undefined;
    return raw && fromRow(raw);
  };

  /** The row with its real last activity (the unwritten one, when newer). */
  private withActivity<T extends SessionRow>(row: T, idHash: string): T {
    const seen = this.unwritten.get(idHash);
    if (seen !== undefined && seen > row.lastSeenAt) row.lastSeenAt = seen;
    return row;
  }

  private forget(idHash: string): void {
    this.written.delete(idHash);
    this.unwritten.delete(idHash);
  }

  /** Creates or replaces a session's data; `last_seen_at` moves to now. */
  write(id: string, data: LabSessionData): void {
    const now = this.ctx.clock.nowMs();
    const createdAt = data.createdAt ?? now;
    const idHash = hashSessionId(id);
    this.forget(idHash);
    this.statements.upsert.run({
      idHash,
      handle: randomToken(16),
      userId: data.userId ?? null,
      data: JSON.stringify(data),
      userAgent: data.userAgent ?? null,
      rememberMe: data.rememberMe ? 1 : 0,
      createdAt,
      now,
      absoluteExpiresAt: data.absoluteExpiresAt ?? createdAt,
    });
    this.written.set(idHash, now);
    if (data.userId != null) this.evictOldest(data.userId);
  }

  /** Past MAX_SESSIONS_PER_USER, the user's oldest sessions end (policy.ts says why). */
  private evictOldest(userId: number): void {
    const evicted = this.statements.evictOldest.all({ userId, keep: MAX_SESSIONS_PER_USER }) as Array<{
      id_hash: string;
    }>;
    for (const row of evicted) this.forget(row.id_hash);
  }

  /**
   * Records activity for the idle timeout without rewriting the session. A
   * request every few milliseconds need not UPDATE the row each time: the
   * newest activity is kept in memory and written once it is a few seconds
   * ahead of the row (or by the next sweep).
   */
  touch(id: string): void {
    const now = this.ctx.clock.nowMs();
    const idHash = hashSessionId(id);
    const written = this.written.get(idHash);
    // A clock moved backwards (lab time travel) always writes, as before.
    if (written !== undefined && now >= written && now - written < TOUCH_WRITE_INTERVAL_MS) {
      this.unwritten.set(idHash, Math.max(now, this.unwritten.get(idHash) ?? now));
      return;
    }
    this.statements.touch.run(now, idHash);
    this.written.set(idHash, now);
    this.unwritten.delete(idHash);
  }

  /** Writes every pending activity time to its row. */
  private flush(): void {
    if (this.unwritten.size === 0) return;
    this.ctx.db.transaction(() => {
      for (const [idHash, seen] of this.unwritten) this.statements.touch.run(seen, idHash);
    })();
    this.unwritten.clear();
    this.written.clear();
  }

  delete(id: string): void {
    const idHash = hashSessionId(id);
    this.forget(idHash);
    this.statements.delete.run(idHash);
  }

  listForUser(userId: number): Array<SessionRow & { idHash: string }> {
    const rows = this.statements.forUser.all(userId) as RawSession[];
    return rows
      .map((r) => this.withActivity({ ...fromRow(r), idHash: r.id_hash }, r.id_hash))
      .filter((r) => !this.expiryOf(r));
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
    // The rows must hold the real last activity before the idle cut-off reads them.
    this.flush();
    return this.statements.sweep.run(now, idleCutoff).changes;
  }

  clear(): void {
    this.written.clear();
    this.unwritten.clear();
    this.statements.clear.run();
  }

  /** The callback interface @fastify/session calls. */
  get(id: string, callback: Callback<Session | null>): void {
    try {
      const row = this.findLive(id);
      callback(null, row ? sessionViewOf(row.data) : null);
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
