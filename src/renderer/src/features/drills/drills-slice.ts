import type { StateCreator } from 'zustand';
import type {
  DecksResponse,
  DrillCard,
  DrillRating,
  DrillStats,
  DueCard,
  ProgressFile,
  ReviewResult,
} from '../../../../common/drills/types';
import { api, errorMessage } from '../../api/client';
import type { Store } from '../../store';

export const QUEUE_PAGE = 50;

export interface DrillsSlice {
  drillCards: DrillCard[];
  drillDecks: DecksResponse | null;
  /** Null until the first load. */
  drillQueue: DueCard[] | null;
  drillQueueTopics: string[];
  lastDrillReview: ReviewResult | null;
  drillStats: DrillStats | null;
  drillError: string | null;
  loadDrills: () => Promise<void>;
  loadDrillQueue: (topics: string[]) => Promise<void>;
  loadDrillStats: () => Promise<void>;
  submitDrillReview: (review: {
    cardId: string;
    rating: DrillRating;
    answerText?: string;
    durationMs?: number;
  }) => Promise<ReviewResult | null>;
  /** Records a flashcard rating, then reloads the queue so the next card shows. */
  rateDrillCard: (review: {
    cardId: string;
    rating: DrillRating;
    answerText?: string;
    durationMs?: number;
  }) => Promise<void>;
  importDeck: (body: { markdown: string } | { deck: unknown }) => Promise<string>;
  exportDeck: (topic: string, format: 'markdown' | 'json') => Promise<string>;
  exportProgress: () => Promise<ProgressFile>;
  importProgress: (file: unknown) => Promise<string>;
}

/** Interview drills: cards, the due queue, reviews and stats. Every fetch lives here, not in components. */
export const createDrillsSlice: StateCreator<Store, [], [], DrillsSlice> = (set, get) => {
  const attempt = async <T>(work: () => Promise<T>): Promise<T | null> => {
    try {
      const result = await work();
      set({ drillError: null });
      return result;
    } catch (error) {
      set({ drillError: errorMessage(error) });
      return null;
    }
  };
  return {
    drillCards: [],
    drillDecks: null,
    drillQueue: null,
    drillQueueTopics: [],
    lastDrillReview: null,
    drillStats: null,
    drillError: null,
    loadDrills: async () => {
      await attempt(async () => {
        const [drillCards, drillDecks] = await Promise.all([
          api('GET /api/drills/cards'),
          api('GET /api/drills/decks'),
        ]);
        // Topics are listed in curriculum order everywhere (topic dropdown, Decks table, mock picker).
        set({ drillCards, drillDecks: { ...drillDecks, decks: [...drillDecks.decks].sort(byCurriculum) } });
      });
    },
    loadDrillQueue: async (topics) => {
      // The first cards of the queue are enough for a session; the page shows "50+" beyond that.
      const query = { limit: QUEUE_PAGE, ...(topics.length ? { topic: topics.join(',') } : {}) };
      await attempt(async () =>
        set({ drillQueue: await api('GET /api/drills/due', { query }), drillQueueTopics: topics }),
      );
    },
    loadDrillStats: async () => {
      await attempt(async () => set({ drillStats: await api('GET /api/drills/stats') }));
    },
    submitDrillReview: (review) => attempt(() => api('POST /api/drills/reviews', { body: review })),
    rateDrillCard: async (review) => {
      const result = await get().submitDrillReview(review);
      if (!result) return;
      set({ lastDrillReview: result });
      await get().loadDrillQueue(get().drillQueueTopics);
    },
    importDeck: async (body) => {
      const result = await api('POST /api/drills/decks', { body });
      await get().loadDrills();
      return `Imported deck "${result.deck.topic}" with ${result.deck.cards} card(s).`;
    },
    exportDeck: async (topic, format) => {
      if (format === 'json')
        return JSON.stringify(
          await api('GET /api/drills/decks/:topic/export', { params: { topic }, query: { format } }),
          null,
          2,
        );
      // The Markdown form is text, not JSON: read it as it comes.
      const path = `/api/drills/decks/${encodeURIComponent(topic)}/export?format=${format}`;
      const response = await fetch(path, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`Export failed: ${response.status}`);
      return response.text();
    },
    exportProgress: () => api('GET /api/drills/progress'),
    importProgress: async (file) => {
      const r = await api('POST /api/drills/progress', { body: file });
      await get().loadDrillStats();
      return `Imported ${r.imported} review(s); ${r.duplicates} already here; ${r.unknownCards} for cards no deck has.`;
    },
  };
};

/** Orders topics by curriculum number (element by element), then title; topics without a number go last. */
export function byCurriculum(
  a: { curriculum: readonly number[]; title: string },
  b: { curriculum: readonly number[]; title: string },
): number {
  const length = Math.max(a.curriculum.length, b.curriculum.length, 1);
  for (let i = 0; i < length; i += 1) {
    // No number at all sorts last; a shorter list of numbers (3 before 3,4) sorts first.
    const missing = i === 0 ? Number.POSITIVE_INFINITY : -1;
    const x = a.curriculum[i] ?? missing;
    const y = b.curriculum[i] ?? missing;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.title.localeCompare(b.title);
}
