/**
 * Versioned schema migrations, applied in order inside one transaction each.
 * Never edit a shipped migration: add a new one. Later labs append theirs.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'foundation',
    sql: `
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('user', 'admin')),
        display_name  TEXT,
        totp_secret   TEXT,
        mfa_enabled   INTEGER NOT NULL DEFAULT 0,
        token_version INTEGER NOT NULL DEFAULT 0,
        created_at    INTEGER NOT NULL
      );
      -- The demo accounts' passwords are shown to the learner by design
      -- (GET /api/lab/accounts). Real accounts never have a row here.
      CREATE TABLE demo_accounts (
        user_id  INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        password TEXT NOT NULL
      );
      CREATE TABLE inbox (
        id      INTEGER PRIMARY KEY,
        to_addr TEXT NOT NULL,
        subject TEXT NOT NULL,
        text    TEXT NOT NULL,
        links   TEXT NOT NULL,
        at      INTEGER NOT NULL
      );
      CREATE TABLE traffic (
        id               INTEGER PRIMARY KEY,
        at               INTEGER NOT NULL,
        origin           TEXT NOT NULL,
        method           TEXT NOT NULL,
        url              TEXT NOT NULL,
        status           INTEGER NOT NULL,
        duration_ms      REAL NOT NULL,
        request_headers  TEXT NOT NULL,
        response_headers TEXT NOT NULL,
        request_body     TEXT,
        response_body    TEXT,
        meanings         TEXT NOT NULL
      );
    `,
  },
];
