import type { Card } from 'ts-fsrs';
import type { DrillRating, ProgressReview } from '../../../common/drills/types';
import type { LabDatabase } from '../../db/open';

export interface ReviewRow {
  id: string;
  cardId: string;
  rating: DrillRating;
  reviewedAt: number;
  durationMs: number | null;
  coverage: number | null;
}

interface RawReview {
  id: string;
  card_id: string;
  rating: DrillRating;
  reviewed_at: number;
  duration_ms: number | null;
  coverage: number | null;
}

const toRow = (r: RawReview): ReviewRow => ({
  id: r.id,
  cardId: r.card_id,
  rating: r.rating,
  reviewedAt: r.reviewed_at,
  durationMs: r.duration_ms,
  coverage: r.coverage,
});

/** Serialises an FSRS card; its dates become epoch milliseconds. */
const cardToJson = (card: Card) =>
  JSON.stringify({ ...card, due: card.due.getTime(), last_review: card.last_review?.getTime() ?? null });

function cardFromJson(json: string): Card {
  const raw = JSON.parse(json) as Omit<Card, 'due' | 'last_review'> & { due: number; last_review: number | null };
  return {
    ...raw,
    due: new Date(raw.due),
    last_review: raw.last_review === null ? undefined : new Date(raw.last_review),
  };
}

/** SQLite storage of drill reviews and each card's FSRS state (migration 30). */
export class ReviewRepository {
  constructor(private readonly db: LabDatabase) {}

  insertReview(review: ReviewRow): boolean {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO drill_reviews (id, card_id, rating, reviewed_at, duration_ms, coverage)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(review.id, review.cardId, review.rating, review.reviewedAt, review.durationMs, review.coverage);
    return result.changes === 1;
  }

  reviewsOf(cardId: string): ReviewRow[] {
    return (
      this.db
        .prepare('SELECT * FROM drill_reviews WHERE card_id = ? ORDER BY reviewed_at, id')
        .all(cardId) as RawReview[]
    ).map(toRow);
  }

  allReviews(): ReviewRow[] {
    return (this.db.prepare('SELECT * FROM drill_reviews ORDER BY reviewed_at, id').all() as RawReview[]).map(toRow);
  }

  saveState(cardId: string, card: Card): void {
    this.db
      .prepare(
        `INSERT INTO drill_card_state (card_id, due, fsrs_card) VALUES (?, ?, ?)
         ON CONFLICT(card_id) DO UPDATE SET due = excluded.due, fsrs_card = excluded.fsrs_card`,
      )
      .run(cardId, card.due.getTime(), cardToJson(card));
  }

  state(cardId: string): Card | undefined {
    const row = this.db.prepare('SELECT fsrs_card FROM drill_card_state WHERE card_id = ?').get(cardId) as
      { fsrs_card: string } | undefined;
    return row ? cardFromJson(row.fsrs_card) : undefined;
  }

  allStates(): Map<string, Card> {
    const rows = this.db.prepare('SELECT card_id, fsrs_card FROM drill_card_state').all() as Array<{
      card_id: string;
      fsrs_card: string;
    }>;
    return new Map(rows.map((r) => [r.card_id, cardFromJson(r.fsrs_card)]));
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}

export const toProgressReview = (r: ReviewRow): ProgressReview => ({
  id: r.id,
  cardId: r.cardId,
  rating: r.rating,
  reviewedAt: new Date(r.reviewedAt).toISOString(),
  ...(r.durationMs === null ? {} : { durationMs: r.durationMs }),
  ...(r.coverage === null ? {} : { coverage: r.coverage }),
});
