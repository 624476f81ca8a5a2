import { Type, type TSchema } from 'typebox';

/**
 * A form or query parameter as it arrives: once (a string) or repeated (an
 * array). The endpoint's checks refuse a repeated one with an OAuth error
 * (RFC 6749 §3.1), so the schema lets it through rather than answer
 * Fastify's own 400.
 */
export const Param = Type.Union([Type.String(), Type.Array(Type.String())]);

/** The named parameters of an OAuth endpoint; others are ignored, as RFC 6749 §3.1 asks. */
export const params = (...names: string[]) =>
  Type.Object(Object.fromEntries(names.map((name) => [name, Type.Optional(Param)])) as Record<string, TSchema>, {
    additionalProperties: true,
  });

/** An OAuth error body (RFC 6749 §5.2) with the lab's `message`. */
export const OAuthErrorBody = Type.Object(
  { error: Type.String(), error_description: Type.Optional(Type.String()), message: Type.String() },
  { additionalProperties: true },
);

/** An answer whose fields are documented here; extra fields still pass through. */
export const open = <T extends Record<string, TSchema>>(fields: T) =>
  Type.Object(fields, { additionalProperties: true });
