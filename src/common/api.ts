/** Response shapes of the HTTP contract (API.md), shared by server and renderer. */
import type { ToggleState } from './toggles';

export interface LabOrigins {
  app: string;
  idp: string;
  client: string;
  attacker: string;
}

export interface LabClockState {
  /** ISO time on the lab clock. */
  now: string;
  offsetMs: number;
}

export interface LabMeta {
  version: string;
  origins: LabOrigins;
  toggles: ToggleState;
  clock: LabClockState;
}

export type Role = 'user' | 'admin';

export interface DemoAccount {
  email: string;
  password: string;
  role: Role;
  mfa: boolean;
  totpSecret?: string;
}

export interface InboxMail {
  id: number;
  to: string;
  subject: string;
  text: string;
  links: string[];
  at: string;
}

/** What an exchange meant, so the traffic view can say it in words. */
export type TrafficMeaning =
  | 'cookie_set'
  | 'cookie_cleared'
  | 'token_issued'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'client_error'
  | 'server_error';

export interface TrafficEntry {
  id: number;
  at: string;
  origin: 'app' | 'idp' | 'client' | 'attacker';
  method: string;
  url: string;
  status: number;
  durationMs: number;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  requestBody: string | null;
  responseBody: string | null;
  meanings: TrafficMeaning[];
}

export interface RegisterAccepted {
  status: 'accepted';
  message: string;
}

/** A JWT lab signing key as GET /api/lab/jwt/keys lists it: public facts only, never key material. */
export interface JwtKeyInfo {
  kid: string;
  purpose: 'access' | 'refresh';
  alg: string;
  weak: boolean;
  createdAt: number;
  retireAt: number | null;
}

/** One refresh-token family with its tokens, as GET /api/jwt/families returns it (the lab's family graph). */
export interface RefreshFamilyView {
  id: string;
  email: string;
  createdAt: number;
  revokedAt: number | null;
  revokedReason: string | null;
  tokens: Array<{
    jti: string;
    parentJti: string | null;
    status: 'active' | 'rotated';
    issuedAt: number;
    expiresAt: number;
    usedAt: number | null;
  }>;
}
