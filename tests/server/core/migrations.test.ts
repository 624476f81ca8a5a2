import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/server/db/open';
import { freshDataDir } from '../helpers';

describe('migrate', () => {
  it('applies each migration once, in version order, and survives reopening', () => {
    const file = join(freshDataDir(), 'm.sqlite');
    const migrations = [
      { version: 2, name: 'second', sql: "INSERT INTO log VALUES ('two')" },
      { version: 1, name: 'first', sql: 'CREATE TABLE log (step TEXT)' },
    ];
    migrate(new Database(file), migrations);
    const db = new Database(file);
    migrate(db, migrations);
    expect(db.prepare('SELECT step FROM log').all()).toEqual([{ step: 'two' }]);
  });

  it('applies a lower version added later (labs built in parallel)', () => {
    const db = new Database(':memory:');
    migrate(db, [
      { version: 1, name: 'base', sql: 'CREATE TABLE log (step TEXT)' },
      { version: 3, name: 'three', sql: "INSERT INTO log VALUES ('three')" },
    ]);
    migrate(db, [
      { version: 1, name: 'base', sql: 'CREATE TABLE log (step TEXT)' },
      { version: 2, name: 'two', sql: "INSERT INTO log VALUES ('two')" },
      { version: 3, name: 'three', sql: "INSERT INTO log VALUES ('three')" },
    ]);
    expect(db.prepare('SELECT step FROM log ORDER BY step').all()).toEqual([{ step: 'three' }, { step: 'two' }]);
  });

  it('rolls back a failing migration completely', () => {
    const db = new Database(':memory:');
    expect(() =>
      migrate(db, [{ version: 1, name: 'broken', sql: 'CREATE TABLE ok (x); CREATE TABLE ok (x);' }]),
    ).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok'").all()).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
  });
});
