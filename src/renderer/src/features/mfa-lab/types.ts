/**
 * Response shapes of the MFA routes (API.md, "MFA and step-up") and the lab's
 * authenticator tool, derived from the schemas the server validates and
 * serializes with, so they cannot drift from what the server sends.
 */
export type { AuthenticatorView, CodeExplanation, MfaSetup, MfaStatus } from '../../../../common/schemas/mfa';

export type MfaAttackId = 'replay' | 'brute-force' | 'bind-ticket' | 'step-up';

export interface BruteForceProgress {
  attempts: number;
  elapsedMs: number;
  perSecond: number;
  /** Expected seconds to hit one of the 3 accepted codes by chance, at this rate. */
  expectedSeconds: number;
  last: string;
}
