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

export type AttackId = 'fixation' | 'csrf' | 'theft' | 'logout';

export interface AttackResult {
  succeeded: boolean;
  /** What happened, step by step, in order. */
  steps: string[];
  /** Why it worked or failed, naming the defence. */
  verdict: string;
  /** Counts runs of this attack, so a repeated identical outcome still reads as new. */
  run?: number;
  /** The lab's toggles when it ran: a result only describes the defences it ran against. */
  toggles?: Record<string, boolean>;
}
