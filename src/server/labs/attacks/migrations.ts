import type { Migration } from '../../db/migrations';

/**
 * The attack catalogue's tables: the learner's progress and the open
 * walkthrough attempts. Versions are global (db/migrations.ts): never edit a
 * shipped step, add one.
 */
export const ATTACKS_MIGRATIONS: readonly Migration[] = [
  {
    version: 70,
    name: 'attack-catalogue',
    sql: `
      -- One row per attack the learner has reached a goal on (lab clock, ms).
      -- Reset lab leaves it alone; only "Reset progress" empties it.
      CREATE TABLE attack_progress (
        attack_id    TEXT PRIMARY KEY,
        exploited_at INTEGER,
        blocked_at   INTEGER
      );
      -- The learner's walkthrough attempt per attack. steps holds the evidence
      -- of each step seen done (JSON, one line each, no secrets); pasted values
      -- are kept in memory only. start_traffic_id: exchanges after it count.
      CREATE TABLE attack_attempts (
        attack_id        TEXT PRIMARY KEY,
        started_at       INTEGER NOT NULL,
        defence_on       INTEGER NOT NULL,
        start_traffic_id INTEGER NOT NULL,
        steps            TEXT NOT NULL DEFAULT '{}',
        result           TEXT CHECK (result IN ('exploited', 'blocked')),
        note             TEXT
      );
    `,
  },
];
