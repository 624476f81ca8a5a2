/** The password lab's answer shapes (API.md, "Accounts and passwords"). */
import { Type, type Static } from 'typebox';
import { Email, Nullable, Password, StringEnum } from './common';

export const ForgotBody = Type.Object({ email: Email }, { additionalProperties: false });
export const ForgotAccepted = Type.Object({ status: Type.Literal('accepted'), message: Type.String() });
export type ForgotAccepted = Static<typeof ForgotAccepted>;

/** 256 bits in base64url are 43 characters; anything else cannot be a reset token. */
export const ResetToken = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });
export const ResetBody = Type.Object({ token: ResetToken, password: Password }, { additionalProperties: false });
export const ResetResponse = Type.Object({ status: Type.Literal('reset'), message: Type.String() });
export type ResetResponse = Static<typeof ResetResponse>;

export const ChangeBody = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
export const ChangeResponse = Type.Object({ status: Type.Literal('changed'), otherSessionsEnded: Type.Integer() });
export type ChangeResponse = Static<typeof ChangeResponse>;

/** One row of password_resets as the database holds it (the lab's "leaked backup" view). */
export const StoredReset = Type.Object({
  tokenKey: Type.String(),
  email: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  used: Type.Boolean(),
});
export type StoredReset = Static<typeof StoredReset>;
export const StoredResets = Type.Array(StoredReset);

// The password lab's helper routes (/api/lab/password/*): what the strength check, the cost chart,
// "what the database stores" and the cracking demo read.

/** The lowest and highest bcrypt cost the cost chart may ask for. */
export const LAB_COST_RANGE = { min: 4, max: 14 } as const;

export const StrengthBody = Type.Object(
  { password: Password, email: Type.Optional(Email) },
  { additionalProperties: false },
);
export const PasswordReason = Type.Object({
  code: StringEnum(['too_short', 'too_long', 'common_password', 'contains_email', 'repetitive']),
  message: Type.String(),
});
export const StrengthResponse = Type.Object({
  acceptable: Type.Boolean(),
  /** Characters (code points) after NFKC normalisation: what the length rules count. */
  length: Type.Integer(),
  reasons: Type.Array(PasswordReason),
  bytes: Type.Object({
    byteLength: Type.Integer(),
    limit: Type.Integer(),
    /** How many characters (code points, after NFKC) bcrypt alone would read in full; the rest it never sees. */
    keptCharacters: Type.Integer(),
    cutSplitsCharacter: Type.Boolean(),
    /** Always true here: bcrypt is given a 44-character digest of every byte. */
    preHashKeepsAll: Type.Boolean(),
  }),
});
export type StrengthResponse = Static<typeof StrengthResponse>;

export const CostBody = Type.Object(
  { cost: Type.Integer({ minimum: LAB_COST_RANGE.min, maximum: LAB_COST_RANGE.max }) },
  { additionalProperties: false },
);
export const CostResponse = Type.Object({
  cost: Type.Integer(),
  /** Milliseconds of one bcrypt hash at that cost, measured in the lab's worker pool. */
  ms: Type.Number(),
  /** The cost this lab stores passwords with. */
  configuredCost: Type.Integer(),
});
export type CostResponse = Static<typeof CostResponse>;

export const PasswordScheme = StringEnum(['bcrypt', 'sha256']);
export const StoredQuery = Type.Object({ email: Email }, { additionalProperties: false });
export const StoredPassword = Type.Object({
  email: Type.String(),
  /** The users.password_hash column, exactly as stored. */
  stored: Type.String(),
  scheme: PasswordScheme,
  /** bcrypt's cost factor, read from the stored string; null for sha256. */
  cost: Nullable(Type.Integer()),
});
export type StoredPassword = Static<typeof StoredPassword>;

export const DemoHashBody = Type.Object({ password: Password }, { additionalProperties: false });
export const DemoHashResponse = Type.Object({
  cost: Type.Integer(),
  /** Two hashes of the same password: different salts, different strings. */
  bcrypt: Type.Array(Type.String()),
  bcryptMs: Type.Number(),
  /** The weak form, the same every time for the same password. */
  sha256: Type.String(),
});
export type DemoHashResponse = Static<typeof DemoHashResponse>;
