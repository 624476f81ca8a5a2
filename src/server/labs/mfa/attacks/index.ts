import type { MFA_LAB } from '../../../../common/labs/mfa';
import type { LabAttacks } from '../../attack-kit';
import { mfaBindTicket } from './bind-ticket';
import { mfaBruteForce } from './brute-force';
import { mfaReplay } from './replay';
import { mfaStepUp } from './step-up';

/** Every MFA-lab attack as the server performs it ("Show me" and the self-check). */
export const MFA_RUNNERS = {
  'mfa-replay': mfaReplay,
  'mfa-brute-force': mfaBruteForce,
  'mfa-bind-ticket': mfaBindTicket,
  'mfa-step-up': mfaStepUp,
} satisfies LabAttacks<typeof MFA_LAB>['runners'];
