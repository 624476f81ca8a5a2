/**
 * Versioned schema migrations, applied in version order inside one
 * transaction each (db/open.ts). Never edit a shipped migration: add a new
 * one. The core tables are here; each lab lists its own steps in
 * labs/<lab>/migrations.ts, with version numbers unique across all of them
 * (core 1-9, session 10s, jwt 20s, drills 30s, oauth 40s, mfa 50s, password 60s, attack catalogue 70s).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Rebuilds a table other tables point at. Foreign keys are switched off
   * around it (with them on, DROP TABLE would cascade into every child row)
   * and checked before it commits (sqlite.org/lang_altertable.html §7).
   */
  rebuildsTable?: boolean;
}

/** The tables every lab shares: settings, users, demo accounts, inbox, traffic, MFA tickets, failed logins. */
export const CORE_MIGRATIONS: readonly Migration[] = [
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
  {
    version: 2,
    name: 'auth-core',
    sql: `
      -- The last TOTP time step a user spent: a code is accepted only for a later step (RFC 6238 §5.2).
      ALTER TABLE users ADD COLUMN last_totp_step INTEGER;
      -- A half-finished login waiting for its second factor. Only the ticket's hash is stored.
      CREATE TABLE mfa_tickets (
        ticket_hash TEXT PRIMARY KEY,
        user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose     TEXT NOT NULL,
        remember_me INTEGER NOT NULL DEFAULT 0,
        attempts    INTEGER NOT NULL DEFAULT 0,
        expires_at  INTEGER NOT NULL
      );
      -- Failed logins, counted per key ('account:<email>' or 'ip:<address>') in a window.
      CREATE TABLE login_failures (
        key          TEXT PRIMARY KEY,
        count        INTEGER NOT NULL,
        window_start INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'users-never-reuse-ids',
    rebuildsTable: true,
    sql: `
      -- Without AUTOINCREMENT SQLite hands the highest free id out again, so
      -- deleting the newest user and registering another gave the new account
      -- the old one's id, and the old account's unexpired access token (sub =
      -- id, ver 0) was accepted as the new one. AUTOINCREMENT keeps the highest
      -- id ever used in sqlite_sequence and never goes below it.
      CREATE TABLE users_rebuilt (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        email          TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash  TEXT NOT NULL,
        role           TEXT NOT NULL CHECK (role IN ('user', 'admin')),
        display_name   TEXT,
        totp_secret    TEXT,
        mfa_enabled    INTEGER NOT NULL DEFAULT 0,
        token_version  INTEGER NOT NULL DEFAULT 0,
        created_at     INTEGER NOT NULL,
        last_totp_step INTEGER
      );
      INSERT INTO users_rebuilt (id, email, password_hash, role, display_name, totp_secret, mfa_enabled,
                                 token_version, created_at, last_totp_step)
        SELECT id, email, password_hash, role, display_name, totp_secret, mfa_enabled,
               token_version, created_at, last_totp_step FROM users;
      DROP TABLE users;
      ALTER TABLE users_rebuilt RENAME TO users;
    `,
  },
  {
    version: 4,
    name: 'totp-spent-steps',
    sql: `
      -- Every TOTP time step a user spent, not only the newest: the lab clock
      -- can go back to real time, and a step spent while it was ahead must not
      -- count until the clock reaches it again. users.last_totp_step is no
      -- longer read or written.
      CREATE TABLE totp_spent_steps (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        step    INTEGER NOT NULL,
        PRIMARY KEY (user_id, step)
      ) WITHOUT ROWID;
      INSERT INTO totp_spent_steps (user_id, step)
        SELECT id, last_totp_step FROM users WHERE last_totp_step IS NOT NULL;
    `,
  },
];

/** Every step, core first and then each lab's, sorted by version; a version used twice is a bug. */
export function collectMigrations(...lists: ReadonlyArray<readonly Migration[]>): readonly Migration[] {
  const all = lists.flat().sort((a, b) => a.version - b.version);
  for (const [index, migration] of all.entries()) {
    const previous = all[index - 1];
    if (previous && previous.version === migration.version) {
      throw new Error(`Migrations "${previous.name}" and "${migration.name}" share version ${migration.version}.`);
    }
  }
  return all;
}
