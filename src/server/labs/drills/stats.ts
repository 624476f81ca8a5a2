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
  const today = Math.floor(now / DAY) * DAY;
  // Counted by SQLite on covering indexes (migration 31): a lab with 100,000
  // reviews must not load them all on every call.
  const counted = service.reviews.totalsByCard();
  const totals = new Map(counted.filter((t) => library.byId.has(t.cardId)).map((t) => [t.cardId, t]));
  // Reviews of cards no deck has any more (a removed custom deck) are left out, as everywhere in the stats.
  const unknown = counted.filter((t) => !library.byId.has(t.cardId)).map((t) => t.cardId);
  const historyStart = today - (HISTORY_DAYS - 1) * DAY;
  const reviewsPerDay = service.reviews
    .totalsByDay(historyStart, HISTORY_DAYS, DAY, unknown)
    .map((d, i) => ({ day: dayOf(historyStart + i * DAY), ...d }));
  const sum = (cardIds: Iterable<string>) => {
    let reviews = 0;
    let again = 0;
    for (const id of cardIds) {
      const t = totals.get(id);
      if (t) {
        reviews += t.reviews;
        again += t.again;
      }
    }
    return { reviews, again };
  };
  const all = sum(totals.keys());
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
    const topicTotals = sum(ids);
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
      retention: share(topicTotals.reviews - topicTotals.again, topicTotals.reviews),
    };
  });

  return {
    now: new Date(now).toISOString(),
    totalCards: library.cards.length,
    reviewedCards: topics.reduce((n, t) => n + t.reviewed, 0),
    dueNow: topics.reduce((n, t) => n + t.due, 0),
    totalReviews: all.reviews,
    retention: share(all.reviews - all.again, all.reviews),
    reviewsPerDay,
    forecast,
    topics,
    deckErrors: library.errors.length,
  };
}
