/**
 * The HTTP contract's shapes, written once. The server's routes use these
 * TypeBox schemas to validate input, serialize output and build the OpenAPI
 * document; common/api.ts and the renderer take their TypeScript types from
 * them with Static<>, so a field cannot drift between the two.
 *
 * Times are ISO 8601 strings (date-time) in every lab's answers.
 */
import { Type, type Static, type TSchema } from 'typebox';

/**
 * `T | null`, written as JSON Schema's `type: [T, "null"]` (what the routes
 * always used) rather than an anyOf, so the documents stay as they were.
 */
export const Nullable = <T extends TSchema & { type: string }>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });

/** `{ type: 'string', enum: [...] }`, typed as the union of its values. */
export const StringEnum = <const T extends readonly string[]>(values: T, options: object = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/** An instant, as every lab writes it: `new Date(ms).toISOString()`. */
export const IsoTime = Type.String({ format: 'date-time' });
export const isoTime = (ms: number) => new Date(ms).toISOString();
export const isoTimeOrNull = (ms: number | null) => (ms === null ? null : isoTime(ms));

export const ErrorBody = Type.Object({ error: Type.String(), message: Type.String() }, { additionalProperties: true });
export type ErrorBody = Static<typeof ErrorBody>;

/** Standard error responses, merged into each route's `response`. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as Record<number, typeof ErrorBody>;

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
/** Long enough for any real passphrase; the policy reports anything over 256 characters. */
export const Password = Type.String({ minLength: 1, maxLength: 1024 });

export const Role = StringEnum(['user', 'admin']);
export type Role = Static<typeof Role>;

/** A body that must be `{}`. */
export const EmptyBody = Type.Object({}, { additionalProperties: false, maxProperties: 0 });
