import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

export type LabDatabase = Database.Database;

/**
 * Opens (creating if needed) the lab database and brings its schema up to
 * date. WAL keeps readers from blocking the writer; `nativeBinding` lets the
 * Electron main process load a build of better-sqlite3 made for Electron's ABI.
 */
export function openDatabase(file: string, options: { nativeBinding?: string } = {}): LabDatabase {
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, MIGRATIONS);
  return db;
}

export function migrate(db: LabDatabase, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
