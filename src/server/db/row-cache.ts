import type { Statement } from 'better-sqlite3';
import type { LabDatabase } from './open';

/** How many copies one cache keeps at most; past that it starts afresh. */
const DEFAULT_MAX_ROWS = 1000;

/** One `SELECT total_changes()` per connection, prepared once and shared by its caches. */
const changeCounters = new WeakMap<LabDatabase, Statement>();

/**
 * Copies of rows read on every request (the signed-in user, a session, a
 * token's revocation state), kept only while the database is unchanged.
 *
 * SQLite's total_changes() counts every row this connection has inserted,
 * updated or deleted, by any statement of any repository. The lab server is
 * the only connection to its file, so while that count stands still no row
 * has changed and a copy read earlier is exactly what the query would return
 * now; any write anywhere (a password change, a logout, a reset, the
 * recorder's batch) moves the count and empties the cache. Inside a
 * transaction the cache is bypassed, as its writes may still roll back.
 * Reading the count costs far less than the indexed query it replaces.
 */
export class RowCache<K, V> {
  private readonly counter: Statement;
  private readonly rows = new Map<K, V>();
  private seenChanges = -1;

  constructor(
    private readonly db: LabDatabase,
    private readonly maxRows = DEFAULT_MAX_ROWS,
  ) {
    let counter = changeCounters.get(db);
    if (!counter) {
      counter = db.prepare('SELECT total_changes()').pluck();
      changeCounters.set(db, counter);
    }
    this.counter = counter;
  }

  /** The copy for `key` if nothing changed since it was read, else what `read` returns now (kept for next time). */
  get(key: K, read: (key: K) => V): V {
    if (this.db.inTransaction) return read(key);
    const changes = this.counter.get() as number;
    if (changes !== this.seenChanges) {
      this.rows.clear();
      this.seenChanges = changes;
    } else if (this.rows.has(key)) {
      return this.rows.get(key)!;
    }
    const value = read(key);
    if (this.rows.size >= this.maxRows) this.rows.clear();
    this.rows.set(key, value);
    return value;
  }
}
