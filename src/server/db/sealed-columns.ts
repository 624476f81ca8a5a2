import { Vault } from '../crypto/vault';
import type { LabDatabase } from './open';

/**
 * Every place the database keeps a secret the server must read back. Each is
 * written sealed by its repository; this list only serves the start-up pass
 * that seals values an older lab wrote in clear. A new secret column adds a
 * line here and seals in its repository.
 */
export const SEALED_COLUMNS: ReadonlyArray<{ table: string; column: string; where?: string }> = [
  { table: 'jwt_keys', column: 'signing_material' },
  // An HS256 key verifies with the secret itself; the PEM of a public key stays readable.
  { table: 'jwt_keys', column: 'verify_material', where: "alg = 'HS256'" },
  { table: 'demo_accounts', column: 'password' },
  { table: 'users', column: 'totp_secret' },
  { table: 'mfa_enrollments', column: 'secret' },
  { table: 'oauth_rp_sessions', column: 'data' },
  { table: 'oauth_rp_pending', column: 'verifier' },
  // Lab mail carries live reset links.
  { table: 'inbox', column: 'text' },
  { table: 'inbox', column: 'links' },
];

/** Settings rows that hold a secret: cookie signing secrets, Lab ID's private key, the demo clients' secrets. */
export const isSecretSetting = (key: string): boolean =>
  key === 'session.secret' ||
  key === 'cookies.secret' ||
  key === 'oauth.signingKey' ||
  key.startsWith('oauth.demoSecret.');

/**
 * Runs `work` in one transaction with freed space zeroed (secure_delete), then
 * moves the rewritten pages from the WAL into lab.sqlite and empties the WAL:
 * what `work` overwrote or deleted lingers in neither file. For the start-up
 * moves of older labs' clear secrets (sealing, the pepper row to pepper.key).
 */
export function withSecureDelete<T>(db: LabDatabase, work: () => T): T {
  const secureDelete = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  let result: T;
  try {
    result = db.transaction(work)();
  } finally {
    db.pragma(`secure_delete = ${secureDelete}`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  return result;
}

/**
 * Seals, in place, every secret an older lab stored in clear, so an existing
 * data dir keeps working and its next copy of lab.sqlite holds no usable
 * secret. Returns how many values it sealed. Run it inside withSecureDelete().
 */
export function sealLegacySecrets(db: LabDatabase, vault: Vault): number {
  let sealed = 0;
  for (const { table, column, where } of SEALED_COLUMNS) {
    const rows = db
      .prepare(
        `SELECT rowid AS id, ${column} AS value FROM ${table}
         WHERE ${column} IS NOT NULL AND substr(${column}, 1, 10) <> 'sealed:v1:'${where ? ` AND ${where}` : ''}`,
      )
      .all() as Array<{ id: number; value: string }>;
    const update = db.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`);
    for (const row of rows) update.run(vault.seal(row.value), row.id);
    sealed += rows.length;
  }
  const settings = db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
  const update = db.prepare('UPDATE settings SET value = ? WHERE key = ?');
  for (const { key, value } of settings) {
    if (!isSecretSetting(key)) continue;
    const stored: unknown = JSON.parse(value);
    if (typeof stored === 'string' && Vault.isSealed(stored)) continue;
    // The sealed text is the row's whole JSON value, so objects (Lab ID's key) seal the same way as strings.
    update.run(JSON.stringify(vault.seal(value)), key);
    sealed++;
  }
  return sealed;
}
