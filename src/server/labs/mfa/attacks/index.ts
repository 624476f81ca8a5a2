import type { MFA_LAB } from '../../../../common/labs/mfa';
import { leavingNoAccounts, type LabAttacks } from '../../attack-kit';
import { mfaBindTicket } from './bind-ticket';
import { mfaBruteForce } from './brute-force';
import { mfaReplay } from './replay';
import { mfaStepUp } from './step-up';

/** Every MFA-lab attack as the server performs it ("Show me" and the self-check). */
export const MFA_RUNNERS = {
  'mfa-replay': leavingNoAccounts(mfaReplay),
  'mfa-brute-force': leavingNoAccounts(mfaBruteForce),
  'mfa-bind-ticket': leavingNoAccounts(mfaBindTicket),
  'mfa-step-up': leavingNoAccounts(mfaStepUp),
} satisfies LabAttacks<typeof MFA_LAB>['runners'];
