import type { FastifyInstance } from 'fastify';
import { RATINGS, type DrillRating } from '../../../common/drills/types';
import { MAX_ANSWER_CHARS } from '../../../common/drills/matcher';
import type { LabContext } from '../../core/context';
import { notFound } from '../../core/errors';
import type { DrillService } from './drill-service';
import { drillStats } from './stats';
import { errorResponses } from '../../../common/schemas/common';
import { drillImportExportRoutes } from './io-routes';
import { cardSchema, coverageSchema, dueCardSchema, progressSchema } from './schemas';

const statsSchema = {
  type: 'object',
  properties: {
    now: { type: 'string' },
    totalCards: { type: 'integer' },
    reviewedCards: { type: 'integer' },
    dueNow: { type: 'integer' },
    totalReviews: { type: 'integer' },
    retention: { type: ['number', 'null'] },
    reviewsPerDay: {
      type: 'array',
      items: {
        type: 'object',
        properties: { day: { type: 'string' }, reviews: { type: 'integer' }, again: { type: 'integer' } },
      },
    },
    forecast: {
      type: 'array',
      items: { type: 'object', properties: { day: { type: 'string' }, due: { type: 'integer' } } },
    },
    topics: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          topic: { type: 'string' },
          title: { type: 'string' },
          curriculum: { type: 'array', items: { type: 'integer' } },
          cards: { type: 'integer' },
          reviewed: { type: 'integer' },
          due: { type: 'integer' },
          mastery: { type: 'number' },
          retention: { type: ['number', 'null'] },
        },
      },
    },
    deckErrors: { type: 'integer' },
  },
} as const;

/** Interview drills (API.md, "Interview drills"): cards, the FSRS due queue, reviews and stats. */
export async function drillRoutes(app: FastifyInstance, ctx: LabContext, drills: DrillService): Promise<void> {
  drills.library.onLoad((errors) => {
    for (const e of errors) app.log.warn(`drill deck ${e.file}:${e.line}: ${e.message}`);
  });

  app.get<{ Querystring: { topic?: string } }>(
    '/api/drills/cards',
    {
      schema: {
        tags: ['drills'],
        summary: 'Every loaded drill card, optionally of one topic',
        querystring: {
          type: 'object',
          properties: { topic: { type: 'string', maxLength: 100 } },
          additionalProperties: false,
        },
        response: { 200: { type: 'array', items: cardSchema }, ...errorResponses(400) },
      },
    },
    async (request) =>
      request.query.topic ? drills.library.cards.filter((c) => c.topic === request.query.topic) : drills.library.cards,
  );

  app.get<{ Querystring: { topic?: string; limit?: number; new?: 'true' | 'false' } }>(
    '/api/drills/due',
    {
      schema: {
        tags: ['drills'],
        summary: 'Cards due now by the FSRS schedule (most overdue first), then unseen cards',
        querystring: {
          type: 'object',
          properties: {
            topic: { type: 'string', maxLength: 2000, description: 'Comma-separated topics' },
            limit: { type: 'string', pattern: '^[1-9]\\d{0,3}$' },
            new: { type: 'string', enum: ['true', 'false'], description: 'Include unseen cards (default true)' },
          },
          additionalProperties: false,
        },
        response: { 200: { type: 'array', items: dueCardSchema }, ...errorResponses(400) },
      },
    },
    async (request) =>
      drills.due({
        topics: request.query.topic?.split(',').filter(Boolean),
        includeNew: request.query.new !== 'false',
        limit: Number(request.query.limit ?? 1000),
      }),
  );

  app.post<{ Body: { cardId: string; rating: DrillRating; answerText?: string; durationMs?: number } }>(
    '/api/drills/reviews',
    {
      schema: {
        tags: ['drills'],
        summary: 'Record a review; returns the next due time and, for a typed answer, its key-point coverage',
        body: {
          type: 'object',
          required: ['cardId', 'rating'],
          properties: {
            cardId: { type: 'string', minLength: 1, maxLength: 200 },
            rating: { type: 'string', enum: [...RATINGS] },
            answerText: { type: 'string', maxLength: MAX_ANSWER_CHARS },
            durationMs: { type: 'integer', minimum: 0, maximum: 24 * 3600 * 1000 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            required: ['reviewId', 'cardId', 'rating', 'due', 'progress'],
            properties: {
              reviewId: { type: 'string' },
              cardId: { type: 'string' },
              rating: { type: 'string' },
              due: { type: 'string', format: 'date-time' },
              progress: progressSchema,
              coverage: coverageSchema,
            },
          },
          ...errorResponses(400, 404, 413),
        },
      },
    },
    async (request) => {
      const card = drills.library.byId.get(request.body.cardId);
      if (!card) throw notFound(`No drill card has the id "${request.body.cardId}".`);
      return drills.review({ ...request.body, card });
    },
  );

  app.get(
    '/api/drills/stats',
    { schema: { tags: ['drills'], summary: 'Progress per topic and over time', response: { 200: statsSchema } } },
    async () => drillStats(drills, ctx.clock.nowMs()),
  );

  await drillImportExportRoutes(app, drills);
}
