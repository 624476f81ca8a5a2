import type { PASSWORD_LAB } from '../../../../common/labs/password';
import { leavingNoAccounts, type LabAttacks } from '../../attack-kit';
import { enumLoginAnswer, enumLoginTiming, enumRegisterAnswer } from './enumeration';
import { offlineCrack } from './offline-crack';
import { passwordSpray } from './password-spray';
import { resetHostPoisoning, resetLeakedToken, resetReusedLink } from './reset';

/** Every password-lab attack as the server performs it ("Show me" and the self-check). */
export const PASSWORD_RUNNERS = {
  'offline-crack': leavingNoAccounts(offlineCrack),
  'password-spray': leavingNoAccounts(passwordSpray),
  'reset-leaked-token': leavingNoAccounts(resetLeakedToken),
  'reset-reused-link': leavingNoAccounts(resetReusedLink),
  'reset-host-poisoning': leavingNoAccounts(resetHostPoisoning),
  'enum-login-answer': leavingNoAccounts(enumLoginAnswer),
  'enum-login-timing': leavingNoAccounts(enumLoginTiming),
  'enum-register-answer': leavingNoAccounts(enumRegisterAnswer),
} satisfies LabAttacks<typeof PASSWORD_LAB>['runners'];
