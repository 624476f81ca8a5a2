import type { Migration } from '../../db/migrations';

/**
 * The session lab's tables: server-side cookie sessions.
 * Versions are global (db/migrations.ts): never edit a shipped step, add one.
 */
export const SESSION_MIGRATIONS: readonly Migration[] = [
  {
    version: 10,
    name: 'session-lab',
    sql: `
      -- Server-side cookie sessions (session lab). The id itself is never stored,
      -- only its SHA-256, so a copy of the database holds no live session ids
      -- (OWASP Session Management Cheat Sheet). \`handle\` is a public name for
      -- "end this session" that cannot be used as a cookie.
      CREATE TABLE sessions (
        id_hash             TEXT PRIMARY KEY,
        handle              TEXT NOT NULL UNIQUE,
        user_id             INTEGER REFERENCES users(id) ON DELETE CASCADE,
        data                TEXT NOT NULL,
        user_agent          TEXT,
        remember_me         INTEGER NOT NULL DEFAULT 0,
        created_at          INTEGER NOT NULL,
        last_seen_at        INTEGER NOT NULL,
        absolute_expires_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_id);
    `,
  },
];
