/** Response shapes of the session lab routes (API.md, "Session lab"). */
export interface SessionUser {
  id: number;
  email: string;
  role: 'user' | 'admin';
  displayName: string | null;
}

export interface LoginResponse {
  user?: SessionUser;
  csrfToken?: string;
  absoluteExpiresAt?: string;
  rememberMe?: boolean;
  requiresMfa?: boolean;
  mfaTicket?: string;
}

export interface SessionSummary {
  id: string;
  current: boolean;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  absoluteExpiresAt: string;
  idleExpiresAt: string | null;
  rememberMe: boolean;
}

/** GET /api/lab/session/cookie: what the browser sent and what the server holds for it. */
export interface CookieReport {
  policy: { idleTimeoutMs: number; idleTimeoutOn: boolean; absoluteLifetimeMs: number; rememberMeLifetimeMs: number };
  cookie: { present: boolean; signatureValid?: boolean; fingerprint?: string };
  session: null | {
    handle: string;
    status: 'live' | 'idle' | 'absolute';
    user: { email: string; role: string } | null;
    createdAt: string;
    lastSeenAt: string;
    idleExpiresAt: string | null;
    absoluteExpiresAt: string;
    rememberMe: boolean;
    userAgent: string | null;
    adoptedFromUrl: boolean;
    issuedCookie: string | null;
    data: Record<string, unknown>;
  };
}

export interface ReplayResult {
  status: number;
  user: { email: string; role: string } | null;
  error: string | null;
  fingerprint: string;
}

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
