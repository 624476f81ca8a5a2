import { State } from 'ts-fsrs';
import type { DrillStats, TopicStats } from '../../../common/drills/types';
import type { DrillService } from './drill-service';

const DAY = 24 * 3600 * 1000;
const HISTORY_DAYS = 30;
const FORECAST_DAYS = 14;
/** A card counts as mastered once FSRS expects to keep it for a week or more. */
const MASTERED_STABILITY_DAYS = 7;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Progress for the stats page: reviews per day, retention, due forecast and per-topic mastery. */
export function drillStats(service: DrillService, now: number): DrillStats {
  const { library } = service;
  const states = service.reviews.allStates();
  const reviews = service.reviews.allReviews().filter((r) => library.byId.has(r.cardId));
  const today = Math.floor(now / DAY) * DAY;

  const reviewsPerDay = Array.from({ length: HISTORY_DAYS }, (_, i) => {
    const start = today - (HISTORY_DAYS - 1 - i) * DAY;
    const day = reviews.filter((r) => r.reviewedAt >= start && r.reviewedAt < start + DAY);
    return { day: dayOf(start), reviews: day.length, again: day.filter((r) => r.rating === 'again').length };
  });
  const forecast = Array.from({ length: FORECAST_DAYS }, (_, i) => {
    const end = today + (i + 1) * DAY;
    const start = i === 0 ? -Infinity : end - DAY;
    let due = 0;
    for (const [cardId, card] of states) {
      const t = card.due.getTime();
      if (library.byId.has(cardId) && t >= start && t < end) due += 1;
    }
    return { day: dayOf(today + i * DAY), due };
  });

  const topics: TopicStats[] = library.decks.map((deck) => {
    const ids = new Set(deck.cards.map((c) => c.id));
    const topicReviews = reviews.filter((r) => ids.has(r.cardId));
    let reviewed = 0;
    let due = 0;
    let mastered = 0;
    for (const id of ids) {
      const card = states.get(id);
      if (!card) continue;
      reviewed += 1;
      if (card.due.getTime() <= now) due += 1;
      if (card.state === State.Review && card.stability >= MASTERED_STABILITY_DAYS) mastered += 1;
    }
    return {
      topic: deck.header.topic,
      title: deck.header.title,
      curriculum: deck.header.curriculum,
      cards: ids.size,
      reviewed,
      due,
      mastery: ids.size === 0 ? 0 : mastered / ids.size,
      retention: share(topicReviews.filter((r) => r.rating !== 'again').length, topicReviews.length),
    };
  });

  return {
    now: new Date(now).toISOString(),
    totalCards: library.cards.length,
    reviewedCards: topics.reduce((n, t) => n + t.reviewed, 0),
    dueNow: topics.reduce((n, t) => n + t.due, 0),
    totalReviews: reviews.length,
    retention: share(reviews.filter((r) => r.rating !== 'again').length, reviews.length),
    reviewsPerDay,
    forecast,
    topics,
    deckErrors: library.errors.length,
  };
}
