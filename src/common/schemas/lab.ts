/** Lab control shapes (API.md, "Lab control"); see common.ts. */
import { Type, type Static } from 'typebox';
import type { ToggleState } from '../toggles';
import { Email, IsoTime, Password, Role, StringEnum } from './common';

export const LabOrigins = Type.Object({
  app: Type.String(),
  idp: Type.String(),
  client: Type.String(),
  attacker: Type.String(),
});
export type LabOrigins = Static<typeof LabOrigins>;

export const LabClockState = Type.Object({
  /** ISO time on the lab clock. */
  now: IsoTime,
  offsetMs: Type.Number(),
});
export type LabClockState = Static<typeof LabClockState>;

export const DemoAccount = Type.Object({
  email: Type.String(),
  password: Type.String(),
  role: Role,
  mfa: Type.Boolean(),
  totpSecret: Type.Optional(Type.String()),
});
export type DemoAccount = Static<typeof DemoAccount>;

export const InboxMail = Type.Object({
  id: Type.Integer(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  links: Type.Array(Type.String()),
  at: IsoTime,
});
export type InboxMail = Static<typeof InboxMail>;

/** What an exchange meant, so the traffic view can say it in words. */
export const TRAFFIC_MEANINGS = [
  'cookie_set',
  'cookie_cleared',
  'token_issued',
  'unauthenticated',
  'forbidden',
  'rate_limited',
  'client_error',
  'server_error',
] as const;

const StringMap = Type.Record(Type.String(), Type.String());
const TextOrNull = Type.Union([Type.String(), Type.Null()]);

export const TrafficEntry = Type.Object({
  id: Type.Integer(),
  at: IsoTime,
  origin: StringEnum(['app', 'idp', 'client', 'attacker']),
  method: Type.String(),
  url: Type.String(),
  status: Type.Integer(),
  durationMs: Type.Number(),
  requestHeaders: StringMap,
  responseHeaders: StringMap,
  requestBody: TextOrNull,
  responseBody: TextOrNull,
  meanings: Type.Array(StringEnum(TRAFFIC_MEANINGS)),
});
export type TrafficEntry = Static<typeof TrafficEntry>;

export const RegisterAccepted = Type.Object({
  status: Type.Literal('accepted'),
  message: Type.String(),
});
export type RegisterAccepted = Static<typeof RegisterAccepted>;

export const RegisterBody = Type.Object({ email: Email, password: Password }, { additionalProperties: false });

/** Every toggle by name: true = defence on. The server lists the names from the toggle registry. */
export const ToggleStateView = Type.Unsafe<ToggleState>(Type.Record(Type.String(), Type.Boolean()));
/** PUT /api/lab/toggles: some toggles by name; unknown names get `unknown_toggle`. */
export const ToggleChanges = Type.Unsafe<Partial<ToggleState>>(Type.Record(Type.String(), Type.Boolean()));

/** GET /api/meta. */
export const LabMeta = Type.Object({
  version: Type.String(),
  origins: LabOrigins,
  toggles: ToggleStateView,
  clock: LabClockState,
});
export type LabMeta = Static<typeof LabMeta>;

/** POST /api/lab/clock: move forward, or back to real time. */
export const ClockChange = Type.Union([
  Type.Object({ advanceMs: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
  Type.Object({ reset: Type.Literal(true) }, { additionalProperties: false }),
]);

export const LabResetResponse = Type.Object({ ok: Type.Boolean() });

/** GET /api/lab/traffic: decimal strings, as the query string carries them. */
export const TrafficQuery = Type.Object(
  {
    afterId: Type.Optional(Type.String({ pattern: '^\\d{1,15}$' })),
    limit: Type.Optional(Type.String({ pattern: '^\\d{1,4}$' })),
  },
  { additionalProperties: false },
);
