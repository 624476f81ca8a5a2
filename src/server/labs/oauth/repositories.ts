import { createHash } from 'node:crypto';
import type { LabDatabase } from '../../db/open';

/**
 * The OAuth lab's tables. Every statement is prepared once, here. Client
 * secrets, codes, refresh tokens, session ids and CSRF tokens are stored only
 * as SHA-256 hashes: they are 256-bit random values, so a fast hash is enough
 * and a copy of the database hands an attacker nothing usable.
 */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

export type ClientKind = 'web' | 'spa' | 'native' | 'machine';
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface OAuthClient {
  clientId: string;
  name: string;
  secretHash: string | null;
  kind: ClientKind;
  authMethod: ClientAuthMethod;
  redirectUris: string[];
  grantTypes: string[];
  scope: string;
  demo: boolean;
  createdAt: number;
  /** When the client was first used at /authorize or /token; null until then. */
  lastUsedAt?: number | null;
}

interface RawClient {
  client_id: string;
  name: string;
  secret_hash: string | null;
  kind: ClientKind;
  auth_method: ClientAuthMethod;
  redirect_uris: string;
  grant_types: string;
  scope: string;
  demo: number;
  created_at: number;
  last_used_at: number | null;
}

const clientFromRow = (r: RawClient): OAuthClient => ({
  clientId: r.client_id,
  name: r.name,
  secretHash: r.secret_hash,
  kind: r.kind,
  authMethod: r.auth_method,
  redirectUris: JSON.parse(r.redirect_uris) as string[],
  grantTypes: JSON.parse(r.grant_types) as string[],
  scope: r.scope,
  demo: r.demo === 1,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export class ClientRepository {
  private readonly byId;
  private readonly insertRow;
  private readonly upsertRow;
  private readonly dynamicDelete;
  private readonly all;
  private readonly registeredCount;
  private readonly firstUse;
  private readonly unusedDelete;

  constructor(db: LabDatabase) {
    this.byId = db.prepare('SELECT * FROM oauth_clients WHERE client_id = ?');
    const columns = `(client_id, name, secret_hash, kind, auth_method, redirect_uris, grant_types, scope, demo, created_at)
      VALUES (@clientId, @name, @secretHash, @kind, @authMethod, @redirectUris, @grantTypes, @scope, @demo, @createdAt)`;
    this.insertRow = db.prepare(`INSERT INTO oauth_clients ${columns}`);
    this.upsertRow = db.prepare(`INSERT OR REPLACE INTO oauth_clients ${columns}`);
    this.dynamicDelete = db.prepare('DELETE FROM oauth_clients WHERE demo = 0');
    this.all = db.prepare('SELECT * FROM oauth_clients ORDER BY demo DESC, created_at, client_id');
    this.registeredCount = db.prepare('SELECT COUNT(*) AS n FROM oauth_clients WHERE demo = 0');
    this.firstUse = db.prepare(
      'UPDATE oauth_clients SET last_used_at = ? WHERE client_id = ? AND demo = 0 AND last_used_at IS NULL',
    );
    this.unusedDelete = db.prepare(
      'DELETE FROM oauth_clients WHERE demo = 0 AND last_used_at IS NULL AND created_at <= ?',
    );
  }

  /** How many clients were registered at run time (the demo clients not counted). */
  countRegistered(): number {
    return (this.registeredCount.get() as { n: number }).n;
  }

  /** Notes a registered client's first use; later uses write nothing. */
  markUsed(client: OAuthClient, nowMs: number): void {
    if (client.demo || client.lastUsedAt != null) return;
    this.firstUse.run(nowMs, client.clientId);
    client.lastUsedAt = nowMs;
  }

  /** Removes registered clients never used and created at or before `createdBefore`. */
  sweepUnused(createdBefore: number): void {
    this.unusedDelete.run(createdBefore);
  }

  find(clientId: string): OAuthClient | undefined {
    const row = this.byId.get(clientId) as RawClient | undefined;
    return row && clientFromRow(row);
  }

  list(): OAuthClient[] {
    return (this.all.all() as RawClient[]).map(clientFromRow);
  }

  insert(client: OAuthClient, replace = false): void {
    (replace ? this.upsertRow : this.insertRow).run({
      ...client,
      redirectUris: JSON.stringify(client.redirectUris),
      grantTypes: JSON.stringify(client.grantTypes),
      demo: client.demo ? 1 : 0,
    });
  }

  /** Lab reset: dynamically registered clients go, the demo clients stay. */
  deleteRegistered(): void {
    this.dynamicDelete.run();
  }
}

/** Lab ID's own sign-in sessions: the cookie holds a random id, the table its hash. */
export class IdpSessionRepository {
  private readonly insertRow;
  private readonly byHash;
  private readonly deleteRow;

  constructor(db: LabDatabase) {
    this.insertRow = db.prepare(
      'INSERT INTO oauth_sessions (sid_hash, user_id, auth_time, amr, expires_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.byHash = db.prepare('SELECT user_id, auth_time, amr, expires_at FROM oauth_sessions WHERE sid_hash = ?');
    this.deleteRow = db.prepare('DELETE FROM oauth_sessions WHERE sid_hash = ?');
  }

  create(sid: string, userId: number, authTimeS: number, amr: string[], expiresAt: number): void {
    this.insertRow.run(sha256(sid), userId, authTimeS, JSON.stringify(amr), expiresAt);
  }

  find(sid: string, nowMs: number): { userId: number; authTime: number; amr: string[] } | undefined {
    const row = this.byHash.get(sha256(sid)) as
      { user_id: number; auth_time: number; amr: string; expires_at: number } | undefined;
    if (!row || row.expires_at <= nowMs) return undefined;
    return { userId: row.user_id, authTime: row.auth_time, amr: JSON.parse(row.amr) as string[] };
  }

  delete(sid: string): void {
    this.deleteRow.run(sha256(sid));
  }
}

/**
 * A pending interaction: an authorization request waiting for sign-in and
 * consent, or a device approval. Looked up by the hash of its random id and
 * bound to the browser that started it.
 */
export interface Interaction {
  kind: 'authorize' | 'device';
  /** Hash of the `labid_browser` cookie of the browser that started it. */
  browser: string;
  clientId: string;
  scope: string;
  redirectUri?: string;
  responseType?: 'code' | 'token';
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  maxAge?: number;
  prompt?: string;
  userCode?: string;
}

export class InteractionRepository {
  private readonly insertRow;
  private readonly byHash;
  private readonly deleteRow;

  constructor(db: LabDatabase) {
    this.insertRow = db.prepare(
      'INSERT INTO oauth_requests (id_hash, params, csrf_hash, expires_at) VALUES (?, ?, ?, ?)',
    );
    this.byHash = db.prepare('SELECT params, csrf_hash, expires_at FROM oauth_requests WHERE id_hash = ?');
    this.deleteRow = db.prepare('DELETE FROM oauth_requests WHERE id_hash = ?');
  }

  create(id: string, csrf: string, interaction: Interaction, expiresAt: number): void {
    this.insertRow.run(sha256(id), JSON.stringify(interaction), sha256(csrf), expiresAt);
  }

  find(id: string, nowMs: number): { interaction: Interaction; csrfHash: string } | undefined {
    const row = this.byHash.get(sha256(id)) as { params: string; csrf_hash: string; expires_at: number } | undefined;
    if (!row || row.expires_at <= nowMs) return undefined;
    return { interaction: JSON.parse(row.params) as Interaction, csrfHash: row.csrf_hash };
  }

  delete(id: string): void {
    this.deleteRow.run(sha256(id));
  }
}

export interface CodeRow {
  codeHash: string;
  clientId: string;
  userId: number;
  redirectUri: string;
  scope: string;
  nonce: string | null;
  codeChallenge: string | null;
  authTime: number;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export class CodeRepository {
  private readonly insertRow;
  private readonly byHash;
  private readonly markUsed;

  constructor(db: LabDatabase) {
    this.insertRow = db.prepare(
      `INSERT INTO oauth_codes (code_hash, client_id, user_id, redirect_uri, scope, nonce, code_challenge, auth_time, created_at, expires_at)
       VALUES (@codeHash, @clientId, @userId, @redirectUri, @scope, @nonce, @codeChallenge, @authTime, @createdAt, @expiresAt)`,
    );
    this.byHash = db.prepare(
      `SELECT code_hash AS codeHash, client_id AS clientId, user_id AS userId, redirect_uri AS redirectUri, scope, nonce,
              code_challenge AS codeChallenge, auth_time AS authTime, created_at AS createdAt, expires_at AS expiresAt, used_at AS usedAt
       FROM oauth_codes WHERE code_hash = ?`,
    );
    this.markUsed = db.prepare('UPDATE oauth_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL');
  }

  insert(code: string, row: Omit<CodeRow, 'codeHash' | 'usedAt'>): void {
    this.insertRow.run({ ...row, codeHash: sha256(code) });
  }

  find(code: string): CodeRow | undefined {
    return this.byHash.get(sha256(code)) as CodeRow | undefined;
  }

  /** Marks the code spent; false when another request spent it first (atomic, so a race redeems it once). */
  spend(codeHash: string, nowMs: number): boolean {
    return this.markUsed.run(nowMs, codeHash).changes === 1;
  }
}

export interface TokenRow {
  id: string;
  kind: 'access' | 'refresh';
  clientId: string;
  userId: number | null;
  scope: string;
  familyId: string | null;
  codeHash: string | null;
  status: 'active' | 'rotated' | 'revoked';
  authTime: number | null;
  issuedAt: number;
  expiresAt: number;
  familyExpires: number | null;
}

/** Access tokens are kept by jti, refresh tokens by the hash of their value. */
export class TokenRepository {
  private readonly insertRow;
  private readonly byId;
  private readonly rotateRow;
  private readonly revokeFamilyRows;
  private readonly revokeCodeRows;
  private readonly revokeRow;

  constructor(db: LabDatabase) {
    this.insertRow = db.prepare(
      `INSERT INTO oauth_tokens (id, kind, client_id, user_id, scope, family_id, code_hash, status, auth_time, issued_at, expires_at, family_expires)
       VALUES (@id, @kind, @clientId, @userId, @scope, @familyId, @codeHash, @status, @authTime, @issuedAt, @expiresAt, @familyExpires)`,
    );
    this.byId = db.prepare(
      `SELECT id, kind, client_id AS clientId, user_id AS userId, scope, family_id AS familyId, code_hash AS codeHash, status,
              auth_time AS authTime, issued_at AS issuedAt, expires_at AS expiresAt, family_expires AS familyExpires
       FROM oauth_tokens WHERE id = ?`,
    );
    this.rotateRow = db.prepare("UPDATE oauth_tokens SET status = 'rotated' WHERE id = ? AND status = 'active'");
    this.revokeFamilyRows = db.prepare("UPDATE oauth_tokens SET status = 'revoked' WHERE family_id = ?");
    // Everything the code issued, and every token rotated from those (same refresh family).
    this.revokeCodeRows = db.prepare(
      `UPDATE oauth_tokens SET status = 'revoked' WHERE code_hash = @code
         OR family_id IN (SELECT family_id FROM oauth_tokens WHERE code_hash = @code AND family_id IS NOT NULL)`,
    );
    this.revokeRow = db.prepare("UPDATE oauth_tokens SET status = 'revoked' WHERE id = ?");
  }

  insert(row: TokenRow): void {
    this.insertRow.run(row);
  }

  find(id: string): TokenRow | undefined {
    return this.byId.get(id) as TokenRow | undefined;
  }

  /** active → rotated, once: a second, parallel use of the same refresh token gets false. */
  rotate(id: string): boolean {
    return this.rotateRow.run(id).changes === 1;
  }

  revokeFamily(familyId: string): void {
    this.revokeFamilyRows.run(familyId);
  }

  revokeIssuedByCode(codeHash: string): number {
    return this.revokeCodeRows.run({ code: codeHash }).changes;
  }

  revoke(id: string): void {
    this.revokeRow.run(id);
  }
}

export class ConsentRepository {
  private readonly byKey;
  private readonly upsert;

  constructor(db: LabDatabase) {
    this.byKey = db.prepare('SELECT scope FROM oauth_consents WHERE user_id = ? AND client_id = ?');
    this.upsert = db.prepare(
      `INSERT INTO oauth_consents (user_id, client_id, scope, granted_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(user_id, client_id) DO UPDATE SET scope = excluded.scope, granted_at = excluded.granted_at`,
    );
  }

  /** True when the user already agreed to every scope asked for. */
  covers(userId: number, clientId: string, scopes: string[]): boolean {
    const row = this.byKey.get(userId, clientId) as { scope: string } | undefined;
    if (!row) return false;
    const granted = new Set(row.scope.split(' '));
    return scopes.every((s) => granted.has(s));
  }

  grant(userId: number, clientId: string, scopes: string[], nowMs: number): void {
    const row = this.byKey.get(userId, clientId) as { scope: string } | undefined;
    const merged = new Set([...(row?.scope.split(' ') ?? []), ...scopes]);
    this.upsert.run(userId, clientId, [...merged].filter(Boolean).join(' '), nowMs);
  }
}

export function sweepExpired(db: LabDatabase): (nowMs: number) => void {
  const statements = [
    db.prepare('DELETE FROM oauth_sessions WHERE expires_at <= ?'),
    db.prepare('DELETE FROM oauth_requests WHERE expires_at <= ?'),
    db.prepare('DELETE FROM oauth_codes WHERE expires_at <= ?'),
    db.prepare('DELETE FROM oauth_device_codes WHERE expires_at <= ?'),
    // Rotated refresh tokens stay until their family dies, so reuse is still detected.
    db.prepare('DELETE FROM oauth_tokens WHERE COALESCE(family_expires, expires_at) <= ?'),
    db.prepare('DELETE FROM oauth_rp_sessions WHERE expires_at <= ?'),
    db.prepare('DELETE FROM oauth_rp_pending WHERE expires_at <= ?'),
  ];
  return (nowMs) => {
    db.transaction(() => {
      for (const statement of statements) statement.run(nowMs);
    })();
  };
}

export function wipeOAuthState(db: LabDatabase): void {
  db.exec(`DELETE FROM oauth_sessions; DELETE FROM oauth_requests; DELETE FROM oauth_codes; DELETE FROM oauth_tokens;
    DELETE FROM oauth_consents; DELETE FROM oauth_device_codes; DELETE FROM oauth_rp_sessions; DELETE FROM oauth_rp_pending;`);
}
