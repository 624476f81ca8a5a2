import type { Migration } from '../../db/migrations';

/**
 * The password lab's tables: reset links.
 * Versions are global (db/migrations.ts): never edit a shipped step, add one.
 */
export const PASSWORD_MIGRATIONS: readonly Migration[] = [
  {
    version: 60,
    name: 'password-lab',
    sql: `
      -- Password reset links. With the defence on, token_key is the SHA-256 of
      -- the 256-bit token (a fast hash is enough for a random value), so a copy
      -- of the database opens no account; used_at marks a spent link.
      CREATE TABLE password_resets (
        token_key  TEXT PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at    INTEGER
      );
      CREATE INDEX password_resets_user ON password_resets(user_id);
    `,
  },
];
