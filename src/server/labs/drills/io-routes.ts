import type { FastifyInstance } from 'fastify';
import { RATINGS, type DeckError, type ProgressFile } from '../../../common/drills/types';
import { LabError, notFound } from '../../core/errors';
import { deckToJson, deckToMarkdown, type DeckJson } from './deck-markdown';
import type { DrillService } from './drill-service';
import { errorResponses } from '../../../common/schemas/common';
import { deckErrorSchema, deckSummarySchema, IMPORT_BODY_LIMIT } from './schemas';

const invalidDeck = (message: string, errors: DeckError[] = []) =>
  new LabError(400, 'invalid_deck', message, { errors });
const invalidProgress = (message: string) => new LabError(400, 'invalid_progress_file', message);
/**
 * A real progress file: 100 reviews a day for over a year is ~40,000 reviews,
 * and an exported review takes 140 to 200 bytes. The body limit follows.
 */
const MAX_REVIEWS = 40_000;
const PROGRESS_BODY_LIMIT = MAX_REVIEWS * 256;
const progressFileSchema = {
  type: 'object',
  required: ['format', 'version', 'exportedAt', 'reviews'],
  properties: {
    format: { type: 'string', const: 'authlab-drills-progress' },
    version: { type: 'integer', const: 1 },
    exportedAt: { type: 'string', format: 'date-time' },
    reviews: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'cardId', 'rating', 'reviewedAt'],
        properties: {
          id: { type: 'string' },
          cardId: { type: 'string' },
          rating: { type: 'string', enum: [...RATINGS] },
          reviewedAt: { type: 'string', format: 'date-time' },
          durationMs: { type: 'integer' },
          coverage: { type: 'number' },
        },
      },
    },
  },
} as const;

/** Turns an imported JSON deck into Markdown, or says which field is wrong. */
function markdownFromJson(deck: unknown): string {
  const d = deck as Partial<DeckJson>;
  if (typeof d !== 'object' || d === null || typeof d.topic !== 'string' || typeof d.title !== 'string') {
    throw invalidDeck('A JSON deck has topic, title, curriculum and cards.');
  }
  if (!Array.isArray(d.curriculum) || !Array.isArray(d.cards)) throw invalidDeck('curriculum and cards are arrays.');
  try {
    return deckToMarkdown(d as DeckJson);
  } catch {
    throw invalidDeck('A card in the JSON deck is missing a field (id, question, answers, keyPoints…).');
  }
}

/** An instant as the export writes it (toISOString): four-digit year, UTC. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Checks an uploaded progress file field by field, so a bad file gets a message that says what is wrong. */
function checkProgressFile(body: unknown): ProgressFile {
  const file = body as Partial<ProgressFile>;
  if (file?.format !== 'authlab-drills-progress' || file.version !== 1) {
    throw invalidProgress('This is not an Auth Lab drill progress file (format "authlab-drills-progress", version 1).');
  }
  if (!Array.isArray(file.reviews)) throw invalidProgress('The file has no "reviews" list.');
  if (file.reviews.length > MAX_REVIEWS) throw invalidProgress(`At most ${MAX_REVIEWS} reviews per file.`);
  file.reviews.forEach((r: unknown, i) => {
    const review = r as Record<string, unknown>;
    const bad = (what: string) => invalidProgress(`Review ${i + 1}: ${what}.`);
    if (typeof review !== 'object' || review === null) throw bad('not an object');
    if (typeof review.id !== 'string' || !/^[\w-]{1,100}$/.test(review.id)) throw bad('"id" must be a short id');
    if (typeof review.cardId !== 'string' || review.cardId.length > 200) throw bad('"cardId" must be a string');
    if (!(RATINGS as readonly unknown[]).includes(review.rating))
      throw bad(`"rating" must be one of ${RATINGS.join(', ')}`);
    if (typeof review.reviewedAt !== 'string' || !ISO_INSTANT.test(review.reviewedAt)) {
      throw bad('"reviewedAt" must be an ISO date');
    }
    if (
      review.durationMs !== undefined &&
      !(Number.isInteger(review.durationMs) && (review.durationMs as number) >= 0)
    ) {
      throw bad('"durationMs" must be a whole number of milliseconds');
    }
    if (
      review.coverage !== undefined &&
      !(typeof review.coverage === 'number' && review.coverage >= 0 && review.coverage <= 1)
    ) {
      throw bad('"coverage" must be a number from 0 to 1');
    }
  });
  return file as ProgressFile;
}

/** Decks (list, import, export) and drill progress (export, merge-import). */
export async function drillImportExportRoutes(app: FastifyInstance, drills: DrillService): Promise<void> {
  const { library } = drills;

  app.get(
    '/api/drills/decks',
    {
      schema: {
        tags: ['drills'],
        summary: 'Loaded decks, and the errors of cards that could not be loaded (file and line)',
        response: {
          200: {
            type: 'object',
            required: ['decks', 'errors'],
            properties: {
              decks: { type: 'array', items: deckSummarySchema },
              errors: { type: 'array', items: deckErrorSchema },
            },
          },
        },
      },
    },
    async () => ({ decks: library.decks.map((d) => d.summary), errors: library.errors }),
  );

  app.post<{ Body: { markdown?: string; deck?: unknown } }>(
    '/api/drills/decks',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['drills'],
        summary: 'Import a deck as { markdown } or { deck } (JSON); it must validate completely',
        body: {
          type: 'object',
          properties: { markdown: { type: 'string', maxLength: IMPORT_BODY_LIMIT }, deck: { type: 'object' } },
          additionalProperties: false,
          minProperties: 1,
          maxProperties: 1,
        },
        response: {
          201: {
            type: 'object',
            required: ['deck'],
            properties: { deck: deckSummarySchema },
          },
          ...errorResponses(400, 413),
        },
      },
    },
    async (request, reply) => {
      const markdown = request.body.markdown ?? markdownFromJson(request.body.deck);
      const { parsed, errors } = library.checkImport(markdown);
      if (!parsed.header || errors.length) {
        throw invalidDeck(`The deck has ${errors.length} problem(s); nothing was imported.`, errors);
      }
      library.saveCustom(parsed.header.topic, markdown);
      reply.status(201);
      return { deck: library.deck(parsed.header.topic)!.summary };
    },
  );

  app.get<{ Params: { topic: string }; Querystring: { format?: 'markdown' | 'json' } }>(
    '/api/drills/decks/:topic/export',
    {
      schema: {
        tags: ['drills'],
        summary: 'Export a deck as Markdown (default) or JSON',
        params: { type: 'object', properties: { topic: { type: 'string', maxLength: 100 } } },
        querystring: {
          type: 'object',
          properties: { format: { type: 'string', enum: ['markdown', 'json'] } },
          additionalProperties: false,
        },
        response: errorResponses(400, 404),
      },
    },
    async (request, reply) => {
      const deck = library.deck(request.params.topic);
      if (!deck) throw notFound(`No deck has the topic "${request.params.topic}".`);
      if (request.query.format === 'json') return deckToJson(deck.header, deck.cards);
      reply.type('text/markdown; charset=utf-8');
      return library.markdownOf(deck.header.topic);
    },
  );

  app.get(
    '/api/drills/progress',
    { schema: { tags: ['drills'], summary: 'Export every review as JSON', response: { 200: progressFileSchema } } },
    async () => drills.exportProgress(),
  );

  app.post<{ Body: unknown }>(
    '/api/drills/progress',
    {
      bodyLimit: PROGRESS_BODY_LIMIT,
      schema: {
        tags: ['drills'],
        summary: 'Import an exported progress file; reviews already present are not duplicated',
        body: { type: 'object', additionalProperties: true },
        response: {
          200: {
            type: 'object',
            properties: {
              imported: { type: 'integer' },
              duplicates: { type: 'integer' },
              unknownCards: { type: 'integer' },
            },
          },
          ...errorResponses(400, 413),
        },
      },
    },
    async (request) => drills.importProgress(checkProgressFile(request.body)),
  );
}
