import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfigError } from '../core/config';
import type { LabDatabase } from '../db/open';
import { loadDataDirKey } from './data-dir-key';

export const VAULT_FILE = 'vault.key';
const PREFIX = 'sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A known value sealed on first start: opening it proves vault.key belongs to this database. */
const CHECK_SETTING = 'vault.check';
const CHECK_TEXT = 'auth-lab vault';

/** Why the lab cannot start with this data dir's vault.key; the CLI and the desktop app show the message as is. */
export class VaultKeyError extends ConfigError {}

/**
 * Seals the secrets the server must get back (signing keys, cookie secrets,
 * TOTP seeds, the demo passwords it shows, Your App's tokens) before they
 * reach SQLite. AES-256-GCM with a random 96-bit IV per value (NIST SP
 * 800-38D §8.2.2) under a key kept in the data dir, not in the database, so a
 * copy of lab.sqlite holds only ciphertext (ASVS 5.0 V11.3.2, V11.3.4; OWASP Cryptographic
 * Storage). Values that only need comparing are hashed instead, never sealed.
 */
export class Vault {
  /** Opened values by their sealed text: each stored secret is decrypted once, not on every read. */
  private readonly opened = new Map<string, string>();

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the vault key must be 256 bits');
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  /** `sealed:v1:` + base64url(IV ‖ tag ‖ ciphertext); the version lets a later key or cipher read old values. */
  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The plain value; throws on anything not sealed by this key (GCM checks the tag, so tampering is caught too). */
  open(sealed: string): string {
    const known = this.opened.get(sealed);
    if (known !== undefined) return known;
    if (!Vault.isSealed(sealed)) throw new Error('not a sealed value');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
    // Few distinct secrets are live at once; the bound only stops a long run from growing the map forever.
    if (this.opened.size >= 1024) this.opened.clear();
    this.opened.set(sealed, plain);
    return plain;
  }
}

const HELP =
  'Restore the vault.key that belongs to this data dir, or start afresh by moving the data dir away ' +
  '(the lab then makes new keys and demo accounts). See README "Troubleshooting".';

/**
 * The data dir's vault: vault.key is made (0600) on first start, like
 * pepper.key. A database that already holds sealed values and a key that is
 * missing, malformed or from another data dir stop the start with a clear
 * message: making a new key would silently lose every sealed secret.
 */
export function loadVault(dataDir: string, db: LabDatabase): Vault {
  const getCheck = db.prepare('SELECT value FROM settings WHERE key = ?');
  const check = (getCheck.get(CHECK_SETTING) as { value: string } | undefined)?.value;
  const { value } = loadDataDirKey(dataDir, VAULT_FILE, () => {
    // Never make a new key for a database sealed under an old one: it could open nothing.
    if (check !== undefined) {
      throw new VaultKeyError(
        `${VAULT_FILE} is missing from ${dataDir}, but lab.sqlite holds secrets sealed with it. ${HELP}`,
      );
    }
    return randomBytes(32).toString('base64url');
  });
  const key = Buffer.from(value, 'base64url');
  if (!/^[A-Za-z0-9_-]{43}$/.test(value) || key.length !== 32) {
    throw new VaultKeyError(`${VAULT_FILE} in ${dataDir} is not a 256-bit key (43 base64url characters). ${HELP}`);
  }
  const vault = new Vault(key);
  if (check === undefined) {
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(
      CHECK_SETTING,
      JSON.stringify(vault.seal(CHECK_TEXT)),
    );
  } else {
    let opened: string | undefined;
    try {
      opened = vault.open(JSON.parse(check) as string);
    } catch {
      opened = undefined;
    }
    if (opened !== CHECK_TEXT) {
      throw new VaultKeyError(`${VAULT_FILE} in ${dataDir} does not open the secrets sealed in lab.sqlite. ${HELP}`);
    }
  }
  return vault;
}
