/** Lab control shapes (API.md, "Lab control"); see common.ts. */
import { Type, type Static } from 'typebox';
import { IsoTime, Role, StringEnum } from './common';

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
