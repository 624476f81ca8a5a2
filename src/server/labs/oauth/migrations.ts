import type { Migration } from '../../db/migrations';

/**
 * The OAuth lab's tables: Lab ID's clients, sessions, codes, tokens and consents, and Your App's state.
 * Versions are global (db/migrations.ts): never edit a shipped step, add one.
 */
export const OAUTH_MIGRATIONS: readonly Migration[] = [
  {
    version: 40,
    name: 'oauth lab',
    sql: `
      -- Lab ID's registered clients. Secrets are kept only as SHA-256 hashes
      -- (they are 256-bit random values, so a fast hash is enough).
      CREATE TABLE oauth_clients (
        client_id     TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        secret_hash   TEXT,
        kind          TEXT NOT NULL CHECK (kind IN ('web', 'spa', 'native', 'machine')),
        auth_method   TEXT NOT NULL CHECK (auth_method IN ('client_secret_basic', 'client_secret_post', 'none')),
        redirect_uris TEXT NOT NULL,
        grant_types   TEXT NOT NULL,
        scope         TEXT NOT NULL,
        demo          INTEGER NOT NULL DEFAULT 0,
        created_at    INTEGER NOT NULL
      );
      -- Lab ID's own sign-in sessions (cookie value stored as a hash).
      CREATE TABLE oauth_sessions (
        sid_hash   TEXT PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        auth_time  INTEGER NOT NULL,
        amr        TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      -- An authorization request between /authorize and the consent answer.
      CREATE TABLE oauth_requests (
        id_hash    TEXT PRIMARY KEY,
        params     TEXT NOT NULL,
        csrf_hash  TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE oauth_codes (
        code_hash      TEXT PRIMARY KEY,
        client_id      TEXT NOT NULL,
        user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        redirect_uri   TEXT NOT NULL,
        scope          TEXT NOT NULL,
        nonce          TEXT,
        code_challenge TEXT,
        auth_time      INTEGER NOT NULL,
        created_at     INTEGER NOT NULL,
        expires_at     INTEGER NOT NULL,
        used_at        INTEGER
      );
      -- Access tokens by jti, refresh tokens by hash. family_id groups a
      -- refresh chain; code_hash says which code produced a token.
      CREATE TABLE oauth_tokens (
        id             TEXT PRIMARY KEY,
        kind           TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
        client_id      TEXT NOT NULL,
        user_id        INTEGER REFERENCES users(id) ON DELETE CASCADE,
        scope          TEXT NOT NULL,
        family_id      TEXT,
        code_hash      TEXT,
        status         TEXT NOT NULL CHECK (status IN ('active', 'rotated', 'revoked')),
        auth_time      INTEGER,
        issued_at      INTEGER NOT NULL,
        expires_at     INTEGER NOT NULL,
        family_expires INTEGER
      );
      CREATE INDEX oauth_tokens_family ON oauth_tokens(family_id);
      CREATE INDEX oauth_tokens_code ON oauth_tokens(code_hash);
      CREATE TABLE oauth_consents (
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        client_id  TEXT NOT NULL,
        scope      TEXT NOT NULL,
        granted_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, client_id)
      );
      CREATE TABLE oauth_device_codes (
        device_code_hash TEXT PRIMARY KEY,
        user_code        TEXT NOT NULL UNIQUE,
        client_id        TEXT NOT NULL,
        scope            TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'used')),
        user_id          INTEGER REFERENCES users(id) ON DELETE CASCADE,
        auth_time        INTEGER,
        interval_s       INTEGER NOT NULL,
        last_polled_at   INTEGER,
        expires_at       INTEGER NOT NULL
      );
      -- "Your App"'s own sessions and pending logins (the relying party's state).
      CREATE TABLE oauth_rp_sessions (
        sid_hash   TEXT PRIMARY KEY,
        data       TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE oauth_rp_pending (
        state      TEXT PRIMARY KEY,
        browser    TEXT NOT NULL,
        verifier   TEXT NOT NULL,
        nonce      TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 41,
    name: 'oauth client last use',
    sql: `
      -- When a registered client was first used (at /authorize or /token): one never used is swept
      -- after a while, so registrations cannot pile up for ever.
      ALTER TABLE oauth_clients ADD COLUMN last_used_at INTEGER;
    `,
  },
];
