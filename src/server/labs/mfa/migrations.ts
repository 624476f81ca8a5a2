import type { Migration } from '../../db/migrations';

/**
 * The MFA lab's tables: pending enrollments, recovery codes, step-ups.
 * Versions are global (db/migrations.ts): never edit a shipped step, add one.
 */
export const MFA_MIGRATIONS: readonly Migration[] = [
  {
    version: 50,
    name: 'mfa-lab',
    sql: `
      -- A TOTP secret handed out by POST /api/mfa/setup and not yet confirmed
      -- with a code. It moves to users.totp_secret only when a code matches.
      CREATE TABLE mfa_enrollments (
        user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        secret     TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      -- Recovery codes: only a salted, peppered bcrypt hash of each is kept; used_at marks it spent.
      CREATE TABLE mfa_recovery_codes (
        id         INTEGER PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash  TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        used_at    INTEGER
      );
      CREATE INDEX mfa_recovery_codes_user ON mfa_recovery_codes(user_id);
      -- The last step-up of one session ('session:<sha256 of id>') or one access token ('token:<jti>').
      CREATE TABLE mfa_step_ups (
        subject          TEXT PRIMARY KEY,
        user_id          INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        authenticated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 51,
    name: 'mfa-recovery-code-lookup-id',
    sql: `
      -- Codes made from now on start with a lookup id naming their row, so a check
      -- costs one bcrypt compare. Rows made before keep NULL and still work, compared the old way.
      ALTER TABLE mfa_recovery_codes ADD COLUMN lookup_id TEXT;
      CREATE INDEX mfa_recovery_codes_lookup ON mfa_recovery_codes(user_id, lookup_id);
    `,
  },
];
