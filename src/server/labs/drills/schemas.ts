import { RATINGS, CARD_KINDS } from '../../../common/drills/types';

/** JSON Schemas of the drill routes; they validate input and shape the OpenAPI document. */
const stringList = { type: 'array', items: { type: 'string' } } as const;

export const cardSchema = {
  type: 'object',
  required: ['id', 'topic', 'title', 'curriculum', 'kind', 'question', 'answer30s', 'answer2min', 'keyPoints'],
  properties: {
    id: { type: 'string' },
    topic: { type: 'string' },
    title: { type: 'string' },
    curriculum: { type: 'array', items: { type: 'integer' } },
    kind: { type: 'string', enum: [...CARD_KINDS] },
    question: { type: 'string' },
    answer30s: { type: 'string' },
    answer2min: { type: 'string' },
    keyPoints: {
      type: 'array',
      items: {
        type: 'object',
        required: ['text', 'match'],
        properties: { text: { type: 'string' }, match: stringList },
      },
    },
    followUps: stringList,
    wrongAnswers: stringList,
    code: { type: 'object', properties: { lang: { type: 'string' }, text: { type: 'string' } } },
    labLink: { type: 'object', required: ['lab'], properties: { lab: { type: 'string' }, step: { type: 'string' } } },
  },
} as const;

export const progressSchema = {
  type: 'object',
  required: ['cardId', 'state', 'due', 'reps', 'lapses'],
  properties: {
    cardId: { type: 'string' },
    state: { type: 'string', enum: ['new', 'learning', 'review', 'relearning'] },
    due: { type: 'string', format: 'date-time' },
    reps: { type: 'integer' },
    lapses: { type: 'integer' },
    lastReview: { type: 'string', format: 'date-time' },
  },
} as const;

export const dueCardSchema = {
  ...cardSchema,
  required: [...cardSchema.required, 'progress'],
  properties: { ...cardSchema.properties, progress: progressSchema },
} as const;

export const coverageSchema = {
  type: 'object',
  required: ['points', 'hits', 'total', 'ratio', 'suggestedRating'],
  properties: {
    points: {
      type: 'array',
      items: {
        type: 'object',
        required: ['text', 'hit'],
        properties: {
          text: { type: 'string' },
          hit: { type: 'boolean' },
          matchedBy: { type: 'string' },
          phrase: { type: 'string' },
          negated: { type: 'string' },
        },
      },
    },
    hits: { type: 'integer' },
    total: { type: 'integer' },
    ratio: { type: 'number' },
    suggestedRating: { type: 'string', enum: [...RATINGS] },
  },
} as const;

export const deckErrorSchema = {
  type: 'object',
  required: ['file', 'line', 'message'],
  properties: { file: { type: 'string' }, line: { type: 'integer' }, message: { type: 'string' } },
} as const;

export const deckSummarySchema = {
  type: 'object',
  required: ['topic', 'title', 'curriculum', 'source', 'file', 'cards'],
  properties: {
    topic: { type: 'string' },
    title: { type: 'string' },
    curriculum: { type: 'array', items: { type: 'integer' } },
    source: { type: 'string', enum: ['shipped', 'custom'] },
    file: { type: 'string' },
    cards: { type: 'integer' },
  },
} as const;

/** Deck and progress files may be larger than an ordinary request. */
export const IMPORT_BODY_LIMIT = 1024 * 1024;
