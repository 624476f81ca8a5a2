/**
 * The MFA lab's shapes (API.md, "MFA and step-up"), and the second login
 * step every login path shares. The routes validate and serialize with these;
 * the renderer takes its types from them.
 */
import { Type, type Static } from 'typebox';
import { IsoTime, Nullable, Password, StringEnum } from './common';

/** The second step of every login path: the ticket and a TOTP code or a recovery code. */
export const MfaStepBody = Type.Object(
  {
    mfaTicket: Type.String({ minLength: 1, maxLength: 200 }),
    code: Type.String({ minLength: 1, maxLength: 64 }),
    // The account the form says is finishing. Trusted only while mfa.bindTicket is off (the lab's bypass).
    email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
  },
  { additionalProperties: false },
);

export const MfaCode = Type.String({ minLength: 1, maxLength: 64 });

export const MfaStatus = Type.Object({
  email: Type.String(),
  enabled: Type.Boolean(),
  pendingSetup: Type.Boolean(),
  recoveryCodesLeft: Type.Integer(),
  via: StringEnum(['session', 'bearer']),
  authenticatedAt: Nullable(IsoTime),
  stepUpValidUntil: Nullable(IsoTime),
  /** The account's other live sessions: offered to end after an MFA change. */
  otherSessions: Type.Integer(),
});
export type MfaStatus = Static<typeof MfaStatus>;

export const MfaSetup = Type.Object({ secret: Type.String(), otpauthUrl: Type.String(), qrDataUrl: Type.String() });
export type MfaSetup = Static<typeof MfaSetup>;

export const MfaCodeBody = Type.Object({ code: MfaCode }, { additionalProperties: false });
export const MfaDisableBody = Type.Object({ password: Password, code: MfaCode }, { additionalProperties: false });
export const StepUpBody = Type.Object(
  { password: Type.Optional(Password), code: Type.Optional(MfaCode) },
  { additionalProperties: false, minProperties: 1, maxProperties: 1 },
);
export const RecoveryCodesResponse = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
export const StepUpResponse = Type.Object({ authenticatedAt: IsoTime, validUntil: IsoTime });
export const MfaDisableResponse = Type.Object({ enabled: Type.Boolean() });
export const EndOtherSessionsResponse = Type.Object({ ended: Type.Integer() });

export const TransferBody = Type.Object(
  {
    to: Type.String({ minLength: 1, maxLength: 64 }),
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
  },
  { additionalProperties: false },
);
export const TransferResponse = Type.Object({
  status: Type.String(),
  to: Type.String(),
  amount: Type.Number(),
  at: IsoTime,
});

/** How one code is made, byte by byte (RFC 4226 §5.3 on the TOTP counter). */
export const CodeExplanation = Type.Object({
  epochSeconds: Type.Integer(),
  period: Type.Integer(),
  counter: Type.Integer(),
  counterHex: Type.String(),
  keyHex: Type.String(),
  hmacHex: Type.String(),
  offset: Type.Integer(),
  sliceHex: Type.String(),
  truncated: Type.Integer(),
  modulus: Type.Integer(),
  code: Type.String(),
});
export type CodeExplanation = Static<typeof CodeExplanation>;

export const AuthenticatorBody = Type.Object(
  {
    secret: Type.String({ minLength: 16, maxLength: 160 }),
    // How far the (imaginary) phone's clock is off from the server's, to show drift.
    driftSeconds: Type.Optional(Type.Integer({ minimum: -600, maximum: 600 })),
  },
  { additionalProperties: false },
);

export const AuthenticatorView = Type.Object({
  now: IsoTime,
  step: Type.Integer(),
  secondsLeft: Type.Integer(),
  period: Type.Integer(),
  driftSteps: Type.Integer(),
  codes: Type.Object({ previous: Type.String(), current: Type.String(), next: Type.String() }),
  explanation: CodeExplanation,
  phone: Type.Object({
    driftSeconds: Type.Integer(),
    code: Type.String(),
    stepOffset: Type.Integer(),
    inWindow: Type.Boolean(),
  }),
});
export type AuthenticatorView = Static<typeof AuthenticatorView>;

/** A throwaway account for one attack run: who it plays, the victim or the attacker. */
export const AttackAccountBody = Type.Object(
  { kind: StringEnum(['victim', 'attacker']) },
  { additionalProperties: false },
);

/** The throwaway account, MFA already on: its password and TOTP secret, so the run can sign in as it. */
export const AttackAccount = Type.Object({ email: Type.String(), password: Type.String(), secret: Type.String() });
export type AttackAccount = Static<typeof AttackAccount>;
