/**
 * The drill routes' answers, typed from common/drills/types.ts. The server
 * validates these routes with its own JSON Schemas (labs/drills/schemas.ts);
 * here they only give the renderer's calls their types.
 */
import { Type } from 'typebox';
import type {
  DecksResponse,
  DrillCard,
  DrillRating,
  DrillStats,
  DueCard,
  ProgressFile,
  ReviewResult,
} from '../drills/types';

const typed = <T>(schema: object) => Type.Unsafe<T>(schema);
const object = { type: 'object' };

export const DrillCards = typed<DrillCard[]>({ type: 'array' });
export const DueCards = typed<DueCard[]>({ type: 'array' });
export const DueQuery = Type.Object({ limit: Type.Optional(Type.Integer()), topic: Type.Optional(Type.String()) });
export const Decks = typed<DecksResponse>(object);
export const DrillStatsView = typed<DrillStats>(object);
export const ReviewBody = typed<{ cardId: string; rating: DrillRating; answerText?: string; durationMs?: number }>(
  object,
);
export const ReviewResultView = typed<ReviewResult>(object);
/** An import: a Markdown deck or a JSON one. */
export const DeckImportBody = typed<{ markdown?: string; deck?: unknown }>(object);
export const DeckImported = typed<{ deck: { topic: string; cards: number } }>(object);
export const DeckExportParams = Type.Object({ topic: Type.String() });
export const DeckExportQuery = Type.Object({ format: Type.Literal('json') });
export const ProgressFileView = typed<ProgressFile>(object);
export const ProgressImported = typed<{ imported: number; duplicates: number; unknownCards: number }>(object);
