import Database from 'better-sqlite3';
import { CORE_MIGRATIONS, type Migration } from './migrations';

export type LabDatabase = Database.Database;

/**
 * Opens (creating if needed) the lab database and brings its schema up to
 * date. WAL keeps readers from blocking the writer; `nativeBinding` lets the
 * Electron main process load a build of better-sqlite3 made for Electron's ABI.
 * `migrations` defaults to the core tables; the lab passes every lab's
 * (labs/index.ts, LAB_MIGRATIONS).
 */
export function openDatabase(
  file: string,
  options: { nativeBinding?: string; migrations?: readonly Migration[] } = {},
): LabDatabase {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, options.migrations ?? CORE_MIGRATIONS);
  return db;
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, in version
 * order, each in its own transaction. Tracking each version (not just the
 * highest) lets labs developed in parallel add migrations in any order.
 */
export function migrate(db: LabDatabase, migrations: readonly Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched outside.
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (migration.rebuildsTable) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (migration.rebuildsTable && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new Error(`Migration ${migration.version} (${migration.name}) left dangling foreign keys.`);
        }
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          Date.now(),
        );
      })();
    } finally {
      if (migration.rebuildsTable) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
}
