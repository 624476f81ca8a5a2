/** Shapes of the interview-drill API (API.md, "Interview drills"), shared by server and renderer. */

export const RATINGS = ['again', 'hard', 'good', 'easy'] as const;
export type DrillRating = (typeof RATINGS)[number];

export const CARD_KINDS = ['concept', 'design', 'spot-the-bug'] as const;
export type CardKind = (typeof CARD_KINDS)[number];

export interface KeyPoint {
  /** What the point says, shown to the learner. */
  text: string;
  /** Phrases that count as hitting the point (the card's `[match: a | b]`). */
  match: string[];
}

export interface LabLink {
  lab: string;
  step?: string;
}

export interface DrillCard {
  id: string;
  topic: string;
  /** The deck's title, shown as the topic name. */
  title: string;
  /** CURRICULUM.md topic numbers the card belongs to. */
  curriculum: number[];
  kind: CardKind;
  question: string;
  answer30s: string;
  answer2min: string;
  keyPoints: KeyPoint[];
  followUps: string[];
  wrongAnswers: string[];
  /** The flawed code of a spot-the-bug card. */
  code?: { lang: string; text: string };
  labLink?: LabLink;
}

export interface DeckError {
  file: string;
  line: number;
  message: string;
}

export interface DeckSummary {
  topic: string;
  title: string;
  curriculum: number[];
  source: 'shipped' | 'custom';
  file: string;
  cards: number;
}

export interface DecksResponse {
  decks: DeckSummary[];
  errors: DeckError[];
}

export interface PointResult {
  text: string;
  hit: boolean;
  /** The `[match: …]` alternative that matched. */
  matchedBy?: string;
  /** The words of the answer that matched, as typed. */
  phrase?: string;
  /** A matching phrase that was discarded because a negation came just before it. */
  negated?: string;
}

export interface Coverage {
  points: PointResult[];
  hits: number;
  total: number;
  /** hits / total, from 0 to 1. */
  ratio: number;
  suggestedRating: DrillRating;
}

export interface CardProgress {
  cardId: string;
  state: 'new' | 'learning' | 'review' | 'relearning';
  due: string;
  reps: number;
  lapses: number;
  lastReview?: string;
}

export interface DueCard extends DrillCard {
  progress: CardProgress;
}

export interface ReviewResult {
  reviewId: string;
  cardId: string;
  rating: DrillRating;
  due: string;
  progress: CardProgress;
  coverage?: Coverage;
}

export interface TopicStats {
  topic: string;
  title: string;
  curriculum: number[];
  cards: number;
  reviewed: number;
  due: number;
  /** Share of the topic's cards in the review state with stability of a week or more. */
  mastery: number;
  /** Share of reviews of the topic not rated "again". */
  retention: number | null;
}

export interface DrillStats {
  now: string;
  totalCards: number;
  reviewedCards: number;
  dueNow: number;
  totalReviews: number;
  retention: number | null;
  reviewsPerDay: Array<{ day: string; reviews: number; again: number }>;
  forecast: Array<{ day: string; due: number }>;
  topics: TopicStats[];
  deckErrors: number;
}

export interface ProgressReview {
  id: string;
  cardId: string;
  rating: DrillRating;
  reviewedAt: string;
  durationMs?: number;
  coverage?: number;
}

export interface ProgressFile {
  format: 'authlab-drills-progress';
  version: 1;
  exportedAt: string;
  reviews: ProgressReview[];
}
