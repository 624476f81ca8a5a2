import type { LabDatabase } from './open';

/** A small JSON key-value table for lab-wide settings (toggles, keys). */
export class SettingsRepository {
  private readonly statements;

  constructor(db: LabDatabase) {
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

  /** Returns the stored value, creating it with `make()` on first use. */
  getOrCreate<T>(key: string, make: () => T): T {
    const existing = this.get<T>(key);
    if (existing !== undefined) return existing;
    const value = make();
    this.set(key, value);
    return value;
  }
}
