import { randomUUID } from 'node:crypto';
import { createEmptyCard, fsrs, Rating, State, type Card, type Grade } from 'ts-fsrs';
import { scoreAnswer } from '../../../common/drills/matcher';
import type {
  CardProgress,
  DrillCard,
  DrillRating,
  DueCard,
  ProgressFile,
  ReviewResult,
} from '../../../common/drills/types';
import type { LabClock } from '../../core/clock';
import { LabError } from '../../core/errors';
import type { DeckLibrary } from './deck-library';
import { ReviewRepository, toProgressReview, type ReviewRow } from './review-repository';

const GRADES: Record<DrillRating, Grade> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
};
const STATE_NAMES: Record<State, CardProgress['state']> = {
  [State.New]: 'new',
  [State.Learning]: 'learning',
  [State.Review]: 'review',
  [State.Relearning]: 'relearning',
};

/**
 * Spaced repetition with FSRS (ts-fsrs). "Now" is always the lab clock, so a
 * learner can fast-forward a week and see cards come due. Fuzz is off so the
 * same ratings always give the same schedule.
 */
const EARLIEST_REVIEW_MS = Date.UTC(2000, 0, 1);

export class DrillService {
  private readonly scheduler = fsrs({ enable_fuzz: false });

  constructor(
    readonly library: DeckLibrary,
    readonly reviews: ReviewRepository,
    private readonly clock: LabClock,
  ) {}

  progressOf(cardId: string, card: Card | undefined): CardProgress {
    if (!card) return { cardId, state: 'new', due: this.clock.now().toISOString(), reps: 0, lapses: 0 };
    return {
      cardId,
      state: STATE_NAMES[card.state],
      due: card.due.toISOString(),
      reps: card.reps,
      lapses: card.lapses,
      ...(card.last_review ? { lastReview: card.last_review.toISOString() } : {}),
    };
  }

  /** Reviewed cards whose due time has come (most overdue first), then unseen cards in deck order. */
  due(options: { topics?: string[]; includeNew: boolean; limit: number }): DueCard[] {
    const now = this.clock.nowMs();
    const states = this.reviews.allStates();
    const pick = (c: DrillCard) => !options.topics?.length || options.topics.includes(c.topic);
    const cards = this.library.cards.filter(pick);
    const dueReviewed = cards
      .filter((c) => states.has(c.id) && states.get(c.id)!.due.getTime() <= now)
      .sort((a, b) => states.get(a.id)!.due.getTime() - states.get(b.id)!.due.getTime());
    const unseen = options.includeNew ? cards.filter((c) => !states.has(c.id)) : [];
    return [...dueReviewed, ...unseen]
      .slice(0, options.limit)
      .map((card) => ({ ...card, progress: this.progressOf(card.id, states.get(card.id)) }));
  }

  review(input: { card: DrillCard; rating: DrillRating; answerText?: string; durationMs?: number }): ReviewResult {
    const now = this.clock.now();
    const coverage = input.answerText?.trim() ? scoreAnswer(input.answerText, input.card.keyPoints) : undefined;
    const row: ReviewRow = {
      id: randomUUID(),
      cardId: input.card.id,
      rating: input.rating,
      reviewedAt: now.getTime(),
      durationMs: input.durationMs ?? null,
      coverage: coverage ? coverage.ratio : null,
    };
    const next = this.reviews.transaction(() => {
      const previous: Card = this.reviews.state(input.card.id) ?? createEmptyCard<Card>(now);
      const scheduled = this.scheduler.next(previous, now, GRADES[input.rating]).card;
      this.reviews.insertReview(row);
      this.reviews.saveState(input.card.id, scheduled);
      return scheduled;
    });
    return {
      reviewId: row.id,
      cardId: input.card.id,
      rating: input.rating,
      due: next.due.toISOString(),
      progress: this.progressOf(input.card.id, next),
      ...(coverage ? { coverage } : {}),
    };
  }

  exportProgress(): ProgressFile {
    return {
      format: 'authlab-drills-progress',
      version: 1,
      exportedAt: this.clock.now().toISOString(),
      reviews: this.reviews.allReviews().map(toProgressReview),
    };
  }

  /**
   * Merges an exported progress file: reviews already present (same id) are
   * skipped, reviews of cards no deck has are left out, and each touched
   * card's FSRS state is rebuilt by replaying all its reviews in time order.
   * It works in chunks and lets other requests run between them, so a large
   * file never holds the server up; a merge by id makes a retry after a crash
   * finish the job.
   */
  async importProgress(file: ProgressFile): Promise<{ imported: number; duplicates: number; unknownCards: number }> {
    // A review from before drills existed or from the future would break the
    // FSRS replay for that card for good, so the whole file is refused.
    const latest = this.clock.nowMs() + 86_400_000;
    const outOfRange = file.reviews.findIndex((r) => {
      const at = Date.parse(r.reviewedAt);
      return !(at >= EARLIEST_REVIEW_MS && at <= latest);
    });
    if (outOfRange >= 0) {
      throw new LabError(
        400,
        'invalid_progress_file',
        `Review ${outOfRange + 1}: "reviewedAt" must lie between 2000 and now on the lab clock.`,
      );
    }
    let imported = 0;
    let duplicates = 0;
    let unknownCards = 0;
    const touched = new Set<string>();
    for (let start = 0; start < file.reviews.length; start += IMPORT_CHUNK) {
      this.reviews.transaction(() => {
        for (const r of file.reviews.slice(start, start + IMPORT_CHUNK)) {
          if (!this.library.byId.has(r.cardId)) {
            unknownCards += 1;
            continue;
          }
          const inserted = this.reviews.insertReview({
            id: r.id,
            cardId: r.cardId,
            rating: r.rating,
            reviewedAt: Date.parse(r.reviewedAt),
            durationMs: r.durationMs ?? null,
            coverage: r.coverage ?? null,
          });
          if (inserted) {
            imported += 1;
            touched.add(r.cardId);
          } else duplicates += 1;
        }
      });
      await yieldToEventLoop();
    }
    for (const cardId of touched) await this.replay(cardId);
    return { imported, duplicates, unknownCards };
  }

  /** Rebuilds a card's FSRS state from its whole history, a page at a time. */
  private async replay(cardId: string): Promise<void> {
    let card: Card | undefined;
    let after: { reviewedAt: number; id: string } | null = null;
    let seen = 0;
    for (;;) {
      const page = this.reviews.historyPage(cardId, after, IMPORT_CHUNK);
      if (page.length === 0) break;
      for (const r of page) {
        const at = new Date(r.reviewedAt);
        card = this.scheduler.next(card ?? createEmptyCard(at), at, GRADES[r.rating]).card;
      }
      seen += page.length;
      after = page[page.length - 1]!;
      await yieldToEventLoop();
    }
    // A review rated meanwhile, earlier than the page read last, changed the history: replay again.
    if (this.reviews.countOf(cardId) !== seen) return this.replay(cardId);
    if (card) this.reviews.saveState(cardId, card);
  }
}

/** Reviews per transaction (and per replay step) while importing; other requests run in between. */
const IMPORT_CHUNK = 1_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
