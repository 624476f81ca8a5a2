/**
 * Types of the HTTP contract (API.md), shared by server and renderer. Each is
 * derived from the schema the routes validate and serialize with
 * (common/schemas/), so the two cannot drift.
 */
import type { TRAFFIC_MEANINGS } from './schemas/lab';

export type {
  DemoAccount,
  InboxMail,
  LabClockState,
  LabMeta,
  LabOrigins,
  RegisterAccepted,
  TrafficEntry,
} from './schemas/lab';
export type { Role } from './schemas/common';
export type { JwtKeyInfo, RefreshFamilyView } from './schemas/jwt';
export type { CostResponse, DemoHashResponse, StoredPassword, StrengthResponse } from './schemas/password';

/** What an exchange meant, so the traffic view can say it in words. */
export type TrafficMeaning = (typeof TRAFFIC_MEANINGS)[number];
