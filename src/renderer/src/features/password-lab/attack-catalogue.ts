import { PASSWORD_LAB } from '../../../../common/labs';
import { withRunners, type AttackRunner, type AttackRunners } from '../../components/attack-catalogue';
import { byAnswer, byRegisterAnswer, byTime } from './enumeration-attacks';
import { runOfflineCrack } from './hashing-attack';
import { runPasswordAttack, type PasswordAttackId } from './password-attacks';
import { runPasswordSpray } from './spray-attack';

const runner = (id: PasswordAttackId): AttackRunner => ({
  run: async ({ get }) => {
    const origins = get().meta?.origins;
    if (!origins) throw new Error('The lab is still loading.');
    return runPasswordAttack(id, origins);
  },
});

/** How each password-lab attack runs from this page; what it is and what it tests is declared in common/labs/password.ts. */
const RUNNERS: AttackRunners<typeof PASSWORD_LAB> = {
  'offline-crack': { run: runOfflineCrack },
  'password-spray': { run: runPasswordSpray },
  'reset-leaked-token': runner('leaked-token'),
  'reset-reused-link': runner('reused-link'),
  'reset-host-poisoning': runner('host-poisoning'),
  'enum-login-answer': { run: byAnswer },
  'enum-login-timing': { run: byTime },
  'enum-register-answer': { run: byRegisterAnswer },
};

/** The password lab's attacks, each with the defence it tests and the step it belongs to. */
export const PASSWORD_ATTACKS = withRunners(PASSWORD_LAB, RUNNERS);
