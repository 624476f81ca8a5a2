import { Vault } from '../crypto/vault';
import type { LabDatabase } from './open';

/** A small JSON key-value table for lab-wide settings (toggles, keys). */
export class SettingsRepository {
  private readonly statements;

  /** `vault` seals the rows getOrCreateSecret() keeps; without it only plain settings are available. */
  constructor(
    db: LabDatabase,
    private readonly vault?: Vault,
  ) {
    this.statements = {
      get: db.prepare('SELECT value FROM settings WHERE key = ?'),
      set: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      delete: db.prepare('DELETE FROM settings WHERE key = ?'),
    };
  }

  get<T>(key: string): T | undefined {
    const row = this.statements.get.get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    this.statements.set.run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.statements.delete.run(key);
  }

  /**
   * A secret setting (a cookie signing secret, a private key): stored sealed
   * by the lab's vault, so the settings table never holds it in clear.
   * Created with `make()` on first use; callers keep what it returns.
   */
  getOrCreateSecret<T>(key: string, make: () => T): T {
    if (!this.vault) throw new Error('secret settings need the vault');
    const stored = this.get<unknown>(key);
    if (typeof stored === 'string' && Vault.isSealed(stored)) return JSON.parse(this.vault.open(stored)) as T;
    // A clear value is sealed on start (sealLegacySecrets); one written since is kept and sealed now.
    const value = stored === undefined ? make() : (stored as T);
    this.set(key, this.vault.seal(JSON.stringify(value)));
    return value;
  }
}
