/** The session lab's request and response shapes (API.md, "Session lab"); see common.ts. */
import { Type, type Static } from 'typebox';
import { Email, IsoTime, Nullable, Password, StringEnum } from './common';
import { MfaStepBody } from './mfa';

/** The user as the session routes show it: never the hash, the TOTP secret or the token version. */
export const SessionUser = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  role: StringEnum(['user', 'admin']),
  displayName: Nullable(Type.String()),
});
export type SessionUser = Static<typeof SessionUser>;

export const SessionLoginBody = Type.Object(
  { email: Email, password: Password, rememberMe: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

/** The MFA step: the same body on every login path. */
export const SessionMfaBody = MfaStepBody;

/** A finished login, or the MFA step's ticket. */
export const SessionLoginResponse = Type.Object({
  user: Type.Optional(SessionUser),
  csrfToken: Type.Optional(Type.String()),
  absoluteExpiresAt: Type.Optional(IsoTime),
  rememberMe: Type.Optional(Type.Boolean()),
  requiresMfa: Type.Optional(Type.Boolean()),
  mfaTicket: Type.Optional(Type.String()),
});
export type SessionLoginResponse = Static<typeof SessionLoginResponse>;

export const SessionSummary = Type.Object({
  id: Type.String(),
  current: Type.Boolean(),
  userAgent: Type.Optional(Nullable(Type.String())),
  createdAt: IsoTime,
  lastSeenAt: IsoTime,
  absoluteExpiresAt: IsoTime,
  idleExpiresAt: Nullable(IsoTime),
  rememberMe: Type.Boolean(),
});
export type SessionSummary = Static<typeof SessionSummary>;

const EmailAndRole = Type.Object({ email: Type.String(), role: Type.String() });

/** GET /api/lab/session/cookie: what the browser sent and what the server holds for it. */
export const CookieReport = Type.Object({
  policy: Type.Object({
    idleTimeoutMs: Type.Integer(),
    idleTimeoutOn: Type.Boolean(),
    absoluteLifetimeMs: Type.Integer(),
    rememberMeLifetimeMs: Type.Integer(),
  }),
  cookie: Type.Object({
    present: Type.Boolean(),
    signatureValid: Type.Optional(Type.Boolean()),
    fingerprint: Type.Optional(Type.String()),
  }),
  session: Nullable(
    Type.Object({
      handle: Type.String(),
      status: StringEnum(['live', 'idle', 'absolute']),
      user: Nullable(EmailAndRole),
      createdAt: IsoTime,
      lastSeenAt: IsoTime,
      idleExpiresAt: Nullable(IsoTime),
      absoluteExpiresAt: IsoTime,
      rememberMe: Type.Boolean(),
      userAgent: Nullable(Type.String()),
      adoptedFromUrl: Type.Boolean(),
      issuedCookie: Nullable(Type.String()),
      data: Type.Object({}, { additionalProperties: true }),
    }),
  ),
});
export type CookieReport = Static<typeof CookieReport>;

/** What the simulated attacker saw when it replayed a cookie against GET /api/session/me. */
export const ReplayResult = Type.Object({
  status: Type.Integer(),
  user: Nullable(EmailAndRole),
  error: Nullable(Type.String()),
  fingerprint: Type.String(),
});
export type ReplayResult = Static<typeof ReplayResult>;

/** GET /api/session/me and PUT /api/session/profile. */
export const SessionUserResponse = Type.Object({ user: SessionUser });
export const CsrfTokenResponse = Type.Object({ csrfToken: Type.String() });
export const SessionLogoutResponse = Type.Object({ loggedOut: Type.Boolean(), serverSessionDestroyed: Type.Boolean() });
export const EndSessionResponse = Type.Object({ ended: Type.Boolean(), current: Type.Boolean() });

/** GET /api/lab/session/rows/:handle: is that session row still on the server? */
export const SessionRowView = Type.Object({ handle: Type.String(), onServer: Type.Boolean() });
export const CopyCookieResult = Type.Object({ copied: Type.Boolean(), fingerprint: Type.Optional(Type.String()) });
export const ReplayBody = Type.Object(
  {
    source: StringEnum(['planted', 'copied', 'stolen']),
    cookie: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  },
  { additionalProperties: false },
);
