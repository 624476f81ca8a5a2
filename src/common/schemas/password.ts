/** The password lab's answer shapes (API.md, "Accounts and passwords"). */
import { Type, type Static } from 'typebox';
import { Email, Password } from './common';

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
