import type { Migration } from '../../db/migrations';

/**
 * The drills' tables: every review and each card's FSRS state.
 * Versions are global (db/migrations.ts): never edit a shipped step, add one.
 */
export const DRILLS_MIGRATIONS: readonly Migration[] = [
  {
    version: 30,
    name: 'drills',
    sql: `
      -- Every drill review ever made. The id is random so an exported progress
      -- file can be imported again without duplicating reviews.
      CREATE TABLE drill_reviews (
        id          TEXT PRIMARY KEY,
        card_id     TEXT NOT NULL,
        rating      TEXT NOT NULL CHECK (rating IN ('again', 'hard', 'good', 'easy')),
        reviewed_at INTEGER NOT NULL,
        duration_ms INTEGER,
        coverage    REAL
      );
      CREATE INDEX drill_reviews_card ON drill_reviews (card_id, reviewed_at);
      -- The FSRS memory state of each reviewed card, derived from its reviews.
      -- Not wiped by POST /api/lab/reset: drill progress is kept.
      CREATE TABLE drill_card_state (
        card_id   TEXT PRIMARY KEY,
        due       INTEGER NOT NULL,
        fsrs_card TEXT NOT NULL
      );
    `,
  },
  {
    version: 31,
    name: 'drills-stats-indexes',
    sql: `
      -- Covering indexes for GET /api/drills/stats: reviews per day and per card
      -- are counted from the index alone, not by reading 100,000 rows.
      CREATE INDEX drill_reviews_day ON drill_reviews (reviewed_at, card_id, rating);
      CREATE INDEX drill_reviews_card_rating ON drill_reviews (card_id, rating);
    `,
  },
];
