/** Response shapes of the MFA routes (API.md, "MFA and step-up") and the lab's authenticator tool. */
export interface MfaStatus {
  email: string;
  enabled: boolean;
  pendingSetup: boolean;
  recoveryCodesLeft: number;
  via: 'session' | 'bearer';
  authenticatedAt: string | null;
  stepUpValidUntil: string | null;
  otherSessions: number;
}

export interface MfaSetup {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

export interface CodeExplanation {
  epochSeconds: number;
  period: number;
  counter: number;
  counterHex: string;
  keyHex: string;
  hmacHex: string;
  offset: number;
  sliceHex: string;
  truncated: number;
  modulus: number;
  code: string;
}

export interface AuthenticatorView {
  now: string;
  step: number;
  secondsLeft: number;
  period: number;
  driftSeconds?: number;
  codes: { previous: string; current: string; next: string };
  explanation: CodeExplanation;
  phone: { driftSeconds: number; code: string; stepOffset: number; inWindow: boolean };
}

export type MfaAttackId = 'replay' | 'brute-force' | 'bind-ticket' | 'step-up';

export interface MfaAttackResult {
  succeeded: boolean;
  steps: string[];
  verdict: string;
  /** The switch positions it ran with: a result is stale once they change. */
  toggles: Record<string, boolean>;
  run: number;
}

export interface BruteForceProgress {
  attempts: number;
  elapsedMs: number;
  perSecond: number;
  /** Expected seconds to hit one of the 3 accepted codes by chance, at this rate. */
  expectedSeconds: number;
  last: string;
}
