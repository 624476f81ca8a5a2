import { Type, type Static } from 'typebox';
import { IsoTime, Nullable, StringEnum } from './common';

/** One counter of a limit, as the rate-limit lab shows it. */
export const RateLimitCounter = Type.Object({
  /** `account-ip:<email>|<address>`, `account:<email>`, `ip:<address>`, `mfa:<user id>`, or the general limit's IP. */
  key: Type.String(),
  kind: StringEnum(['account-ip', 'account', 'ip', 'mfa', 'general', 'other']),
  count: Type.Integer(),
  limit: Nullable(Type.Integer()),
  windowStart: IsoTime,
  resetAt: IsoTime,
  resetInSeconds: Type.Integer(),
  /** Login attempts reserved and still being checked (bcrypt running). */
  inFlight: Type.Integer(),
  /** The next request on this key is refused. */
  limited: Type.Boolean(),
});
export type RateLimitCounter = Static<typeof RateLimitCounter>;

export const RateLimitCountersQuery = Type.Object(
  {
    /** Only counters whose key starts with this. */
    prefix: Type.Optional(Type.String({ maxLength: 320 })),
  },
  { additionalProperties: false },
);

export const RateLimitCounters = Type.Object({
  now: IsoTime,
  general: Type.Object({
    enabled: Type.Boolean(),
    limit: Type.Integer(),
    windowMs: Type.Integer(),
    counters: Type.Array(RateLimitCounter),
  }),
  login: Type.Object({
    enabled: Type.Boolean(),
    windowMs: Type.Integer(),
    /** Failures per account from one client address. */
    perAccount: Type.Integer(),
    /** Failures per account from every address, past which addresses new to it are slowed. */
    accountWideSlowAfter: Type.Integer(),
    perIp: Type.Integer(),
    mfaPerAccount: Type.Integer(),
    counters: Type.Array(RateLimitCounter),
  }),
});
export type RateLimitCounters = Static<typeof RateLimitCounters>;

export const RateLimitResetBody = Type.Object(
  {
    scope: Type.Optional(StringEnum(['all', 'login', 'general'])),
    /** Only these keys (an attack gives back the counters it used); without it, every key of the scope. */
    keys: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 400 }), { maxItems: 1000 })),
  },
  { additionalProperties: false },
);

export const RateLimitResetResponse = Type.Object({ cleared: Type.Integer() });

/** How many counts to take off each key: what one attack run added, so counts from before it stay. */
const GiveBackCounts = Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 100_000 }), {
  maxProperties: 1000,
  propertyNames: { minLength: 1, maxLength: 400 },
});
export const RateLimitGiveBackBody = Type.Object(
  { login: Type.Optional(GiveBackCounts), general: Type.Optional(GiveBackCounts) },
  { additionalProperties: false },
);
export type RateLimitGiveBackBody = Static<typeof RateLimitGiveBackBody>;
export const RateLimitGiveBackResponse = Type.Object({ givenBack: Type.Integer() });

/** Who the server thinks the caller is, and why. */
export const RateLimitClient = Type.Object({
  /** The address every limit keys on (`request.ip`). */
  ip: Type.String(),
  socketAddress: Type.String(),
  forwardedFor: Nullable(Type.String()),
  trustProxy: Type.String(),
  ignoreForwardedFor: Type.Boolean(),
});
export type RateLimitClient = Static<typeof RateLimitClient>;

/** The lockout step: the owner of a demo account signs in from another address (nothing else changes). */
export const RateLimitOwnerSignInBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 320 }) },
  { additionalProperties: false },
);
export const RateLimitOwnerSignIn = Type.Object({
  /** The address the owner signs in from: not this browser's. */
  from: Type.String(),
  /** 200 when the password was accepted, else the status the login route would answer. */
  status: Type.Integer(),
  error: Nullable(Type.String()),
  retryAfterSeconds: Nullable(Type.Integer()),
});
export type RateLimitOwnerSignIn = Static<typeof RateLimitOwnerSignIn>;
