/** The enumeration step's lab helper (password lab): giving back the failed logins a timing run caused. */
import { Type, type Static } from 'typebox';
import { Email } from './common';

/** The emails a run tried; at most a few hundred, as the page sends. */
export const GiveBackFailuresBody = Type.Object(
  { emails: Type.Array(Email, { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);
export type GiveBackFailuresBody = Static<typeof GiveBackFailuresBody>;

export const GiveBackFailuresResponse = Type.Object({
  /** Failed logins forgotten: those counted against the emails, and as many from the caller's IP. */
  failuresGivenBack: Type.Integer({ minimum: 0 }),
});
export type GiveBackFailuresResponse = Static<typeof GiveBackFailuresResponse>;
