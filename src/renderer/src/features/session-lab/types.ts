/**
 * Response shapes of the session lab routes (API.md, "Session lab"), derived
 * from the schemas the server validates and serializes with, so they cannot
 * drift from what the server sends.
 */
export type {
  CookieReport,
  ReplayResult,
  SessionLoginResponse as LoginResponse,
  SessionSummary,
  SessionUser,
} from '../../../../common/schemas/session';
