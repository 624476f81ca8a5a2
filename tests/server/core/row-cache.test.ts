import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/server/db/open';
import { RowCache } from '../../../src/server/db/row-cache';

function setup() {
  const db = openDatabase(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  db.prepare("INSERT INTO t (id, v) VALUES (1, 'a')").run();
  const select = db.prepare('SELECT v FROM t WHERE id = ?').pluck();
  let reads = 0;
  const read = (id: number) => {
    reads++;
    return select.get(id) as string | undefined;
  };
  return { db, cache: new RowCache<number, string | undefined>(db), read, reads: () => reads };
}

describe('RowCache: copies of rows, kept only while the database is unchanged', () => {
  it('reads once while nothing is written', () => {
    const { cache, read, reads } = setup();
    expect(cache.get(1, read)).toBe('a');
    expect(cache.get(1, read)).toBe('a');
    expect(reads()).toBe(1);
  });

  it('any write, to any table, by any statement, is seen at once', () => {
    const { db, cache, read } = setup();
    expect(cache.get(1, read)).toBe('a');
    db.prepare("UPDATE t SET v = 'b' WHERE id = 1").run();
    expect(cache.get(1, read)).toBe('b');
    db.exec('DELETE FROM t');
    expect(cache.get(1, read)).toBeUndefined();
    db.exec("INSERT INTO t (id, v) VALUES (1, 'c')");
    expect(cache.get(1, read)).toBe('c');
  });

  it('a missing row is not remembered past the insert that creates it', () => {
    const { db, cache, read } = setup();
    expect(cache.get(2, read)).toBeUndefined();
    db.prepare("INSERT INTO t (id, v) VALUES (2, 'x')").run();
    expect(cache.get(2, read)).toBe('x');
  });

  it('inside a transaction it reads the table, and a rollback leaves no stale copy', () => {
    const { db, cache, read } = setup();
    expect(cache.get(1, read)).toBe('a');
    expect(() =>
      db.transaction(() => {
        db.prepare("UPDATE t SET v = 'uncommitted' WHERE id = 1").run();
        expect(cache.get(1, read)).toBe('uncommitted');
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(cache.get(1, read)).toBe('a');
  });

  it('keeps at most maxRows copies', () => {
    const { db, read, reads } = setup();
    const small = new RowCache<number, string | undefined>(db, 2);
    small.get(1, read);
    small.get(2, read);
    small.get(3, read);
    small.get(1, read);
    expect(reads()).toBe(4);
  });
});
