import type { Migration } from '../../db/migrations';

/**
 * The JWT lab's tables: signing keys, refresh families and tokens, the access-token deny-list.
 * Versions are global (db/migrations.ts): never edit a shipped step, add one.
 */
export const JWT_MIGRATIONS: readonly Migration[] = [
  {
    version: 20,
    name: 'jwt-lab',
    sql: `
      -- Signing keys of the JWT lab, generated per lab (never in the code).
      -- verify_material is what verifies a signature: the SPKI PEM of an
      -- asymmetric key, or the HMAC secret text of an HS256 key.
      -- retire_at: a rotated-out key keeps verifying until its last token expires.
      CREATE TABLE jwt_keys (
        kid              TEXT PRIMARY KEY,
        purpose          TEXT NOT NULL CHECK (purpose IN ('access', 'refresh')),
        alg              TEXT NOT NULL CHECK (alg IN ('HS256', 'RS256', 'ES256', 'EdDSA')),
        weak             INTEGER NOT NULL DEFAULT 0,
        signing_material TEXT NOT NULL,
        verify_material  TEXT NOT NULL,
        created_at       INTEGER NOT NULL,
        retire_at        INTEGER
      );
      -- One login = one refresh family; every rotation adds a child token.
      CREATE TABLE jwt_refresh_families (
        id             TEXT PRIMARY KEY,
        user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at     INTEGER NOT NULL,
        revoked_at     INTEGER,
        revoked_reason TEXT
      );
      CREATE TABLE jwt_refresh_tokens (
        jti           TEXT PRIMARY KEY,
        family_id     TEXT NOT NULL REFERENCES jwt_refresh_families(id) ON DELETE CASCADE,
        parent_jti    TEXT,
        user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_version INTEGER NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('active', 'rotated')),
        remember_me   INTEGER NOT NULL,
        issued_at     INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL,
        used_at       INTEGER
      );
      CREATE INDEX jwt_refresh_tokens_family ON jwt_refresh_tokens(family_id);
      -- Access tokens ended by logout, kept only until they would have expired anyway.
      CREATE TABLE jwt_denylist (
        jti        TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      );
    `,
  },
];
