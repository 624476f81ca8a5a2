/**
 * Versioned schema migrations, applied in order inside one transaction each.
 * Never edit a shipped migration: add a new one. Later labs append theirs.
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
  {
    version: 30,
    name: 'drills',
    sql: `
      -- Every drill review ever made. The id is random so an exported progress
      -- file can be imported again without duplicating reviews.
      CREATE TABLE drill_reviews (
        id          TEXT PRIMARY KEY,
        card_id     TEXT NOT NULL,
        rating      TEXT NOT NULL CHECK (rating IN ('again', 'hard', 'good', 'easy')),
        reviewed_at INTEGER NOT NULL,
        duration_ms INTEGER,
        coverage    REAL
      );
      CREATE INDEX drill_reviews_card ON drill_reviews (card_id, reviewed_at);
      -- The FSRS memory state of each reviewed card, derived from its reviews.
      -- Not wiped by POST /api/lab/reset: drill progress is kept.
      CREATE TABLE drill_card_state (
        card_id   TEXT PRIMARY KEY,
        due       INTEGER NOT NULL,
        fsrs_card TEXT NOT NULL
      );
    `,
  },
  {
    version: 31,
    name: 'drills-stats-indexes',
    sql: `
      -- Covering indexes for GET /api/drills/stats: reviews per day and per card
      -- are counted from the index alone, not by reading 100,000 rows.
      CREATE INDEX drill_reviews_day ON drill_reviews (reviewed_at, card_id, rating);
      CREATE INDEX drill_reviews_card_rating ON drill_reviews (card_id, rating);
    `,
  },
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
