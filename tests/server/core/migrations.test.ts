import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/server/labs';
import { collectMigrations } from '../../../src/server/db/migrations';
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

describe('migration 3: users ids are never reused', () => {
  it('rebuilds users with AUTOINCREMENT without cascading into the rows that point at it', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 3),
    );
    const add = db.prepare(
      "INSERT INTO users (email, password_hash, role, created_at) VALUES (?, 'h', 'user', 0) RETURNING id",
    );
    const first = (add.get('a@example.com') as { id: number }).id;
    const second = (add.get('b@example.com') as { id: number }).id;
    db.prepare('INSERT INTO demo_accounts (user_id, password) VALUES (?, ?)').run(first, 'pw');
    db.prepare('INSERT INTO mfa_tickets (ticket_hash, user_id, purpose, expires_at) VALUES (?, ?, ?, ?)').run(
      't',
      second,
      'session',
      1,
    );

    migrate(db, MIGRATIONS);
    expect(db.prepare('SELECT COUNT(*) AS n FROM demo_accounts').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM mfa_tickets').get()).toEqual({ n: 1 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    db.prepare('DELETE FROM users WHERE id = ?').run(second);
    const third = (add.get('c@example.com') as { id: number }).id;
    expect(third).toBeGreaterThan(second);
    // The cascade still works: deleting a user removes its rows.
    db.prepare('DELETE FROM users WHERE id = ?').run(first);
    expect(db.prepare('SELECT COUNT(*) AS n FROM demo_accounts').get()).toEqual({ n: 0 });
  });
});

describe('the migration list', () => {
  it('keeps every shipped version and name, so existing databases upgrade exactly as before', () => {
    expect(MIGRATIONS.map((m) => [m.version, m.name])).toEqual([
      [1, 'foundation'],
      [2, 'auth-core'],
      [3, 'users-never-reuse-ids'],
      [4, 'totp-spent-steps'],
      [10, 'session-lab'],
      [20, 'jwt-lab'],
      [30, 'drills'],
      [31, 'drills-stats-indexes'],
      [40, 'oauth lab'],
      [50, 'mfa-lab'],
      [60, 'password-lab'],
      [70, 'attack-catalogue'],
    ]);
  });

  it('refuses two steps with one version', () => {
    const step = { version: 7, name: 'a', sql: '' };
    expect(() => collectMigrations([step], [{ ...step, name: 'b' }])).toThrow(/share version 7/);
  });
});
