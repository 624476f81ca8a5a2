/** JSON Schemas shared by app routes; they validate input and shape the OpenAPI document. */
export const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' } },
  additionalProperties: true,
} as const;

/** Standard error responses, merged into each route's `response`. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, errorSchema])) as Record<number, typeof errorSchema>;

export const emailSchema = { type: 'string', format: 'email', minLength: 3, maxLength: 254 } as const;
/** Long enough for any real passphrase; the policy reports anything over 256 characters. */
export const passwordSchema = { type: 'string', minLength: 1, maxLength: 1024 } as const;
