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
