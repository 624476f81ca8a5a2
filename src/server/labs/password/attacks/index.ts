import type { PASSWORD_LAB } from '../../../../common/labs/password';
import type { LabAttacks } from '../../attack-kit';
import { enumLoginAnswer, enumLoginTiming, enumRegisterAnswer } from './enumeration';
import { offlineCrack } from './offline-crack';
import { passwordSpray } from './password-spray';
import { resetHostPoisoning, resetLeakedToken, resetReusedLink } from './reset';

/** Every password-lab attack as the server performs it ("Show me" and the self-check). */
export const PASSWORD_RUNNERS = {
  'offline-crack': offlineCrack,
  'password-spray': passwordSpray,
  'reset-leaked-token': resetLeakedToken,
  'reset-reused-link': resetReusedLink,
  'reset-host-poisoning': resetHostPoisoning,
  'enum-login-answer': enumLoginAnswer,
  'enum-login-timing': enumLoginTiming,
  'enum-register-answer': enumRegisterAnswer,
} satisfies LabAttacks<typeof PASSWORD_LAB>['runners'];
