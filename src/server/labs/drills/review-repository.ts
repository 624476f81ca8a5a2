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
  /** Every statement prepared once, when the drills lab is made. */
  private readonly statements;

  constructor(private readonly db: LabDatabase) {
    this.statements = {
      insertReview: db.prepare(
        `INSERT OR IGNORE INTO drill_reviews (id, card_id, rating, reviewed_at, duration_ms, coverage)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      reviewsOf: db.prepare('SELECT * FROM drill_reviews WHERE card_id = ? ORDER BY reviewed_at, id'),
      historyPage: db.prepare(
        `SELECT id, rating, reviewed_at AS reviewedAt FROM drill_reviews
         WHERE card_id = ? AND (reviewed_at, id) > (?, ?) ORDER BY reviewed_at, id LIMIT ?`,
      ),
      countOf: db.prepare('SELECT COUNT(*) AS n FROM drill_reviews WHERE card_id = ?'),
      allReviews: db.prepare('SELECT * FROM drill_reviews ORDER BY reviewed_at, id'),
      totalsByCard: db.prepare(
        `SELECT card_id AS cardId, COUNT(*) AS reviews, SUM(rating = 'again') AS again
         FROM drill_reviews GROUP BY card_id`,
      ),
      totalsInRange: db.prepare(
        `SELECT COUNT(*) AS reviews, COALESCE(SUM(rating = 'again'), 0) AS again FROM drill_reviews
         WHERE reviewed_at >= ? AND reviewed_at < ? AND card_id NOT IN (SELECT value FROM json_each(?))`,
      ),
      saveState: db.prepare(
        `INSERT INTO drill_card_state (card_id, due, fsrs_card) VALUES (?, ?, ?)
         ON CONFLICT(card_id) DO UPDATE SET due = excluded.due, fsrs_card = excluded.fsrs_card`,
      ),
      state: db.prepare('SELECT fsrs_card FROM drill_card_state WHERE card_id = ?'),
      allStates: db.prepare('SELECT card_id, fsrs_card FROM drill_card_state'),
    };
  }

  insertReview(review: ReviewRow): boolean {
    const result = this.statements.insertReview.run(
      review.id,
      review.cardId,
      review.rating,
      review.reviewedAt,
      review.durationMs,
      review.coverage,
    );
    return result.changes === 1;
  }

  reviewsOf(cardId: string): ReviewRow[] {
    return (this.statements.reviewsOf.all(cardId) as RawReview[]).map(toRow);
  }

  /** One page of a card's history in time order, after a given review: long replays read it page by page. */
  historyPage(
    cardId: string,
    after: { reviewedAt: number; id: string } | null,
    limit: number,
  ): Array<{ id: string; rating: DrillRating; reviewedAt: number }> {
    return this.statements.historyPage.all(cardId, after?.reviewedAt ?? -1, after?.id ?? '', limit) as Array<{
      id: string;
      rating: DrillRating;
      reviewedAt: number;
    }>;
  }

  countOf(cardId: string): number {
    return (this.statements.countOf.get(cardId) as { n: number }).n;
  }

  allReviews(): ReviewRow[] {
    return (this.statements.allReviews.all() as RawReview[]).map(toRow);
  }

  /** Reviews and "again" ratings per card, counted by SQLite on an index (not by loading every review). */
  totalsByCard(): Array<{ cardId: string; reviews: number; again: number }> {
    return this.statements.totalsByCard.all() as Array<{ cardId: string; reviews: number; again: number }>;
  }

  /**
   * Reviews and "again" ratings in each of `days` consecutive days from `from`,
   * leaving out the given card ids. One range scan per day on a covering index:
   * no rows are loaded and nothing is sorted.
   */
  totalsByDay(
    from: number,
    days: number,
    dayMs: number,
    exclude: readonly string[],
  ): Array<{ reviews: number; again: number }> {
    const count = this.statements.totalsInRange;
    const excluded = JSON.stringify(exclude);
    return Array.from(
      { length: days },
      (_, i) => count.get(from + i * dayMs, from + (i + 1) * dayMs, excluded) as { reviews: number; again: number },
    );
  }

  saveState(cardId: string, card: Card): void {
    this.statements.saveState.run(cardId, card.due.getTime(), cardToJson(card));
  }

  state(cardId: string): Card | undefined {
    const row = this.statements.state.get(cardId) as { fsrs_card: string } | undefined;
    return row ? cardFromJson(row.fsrs_card) : undefined;
  }

  allStates(): Map<string, Card> {
    const rows = this.statements.allStates.all() as Array<{
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
