import { MFA_LAB } from '../../../../common/labs';
import { withRunners, type AttackRunner, type AttackRunners } from '../../components/attack-catalogue';
import { MAX_BRUTE_FORCE_GUESSES, runMfaAttack } from './mfa-attacks';
import type { MfaAttackId } from './types';

/** Runs one MFA attack with the lab's demo accounts, reporting the brute force's live counter to the MFA slice. */
const runner = (id: MfaAttackId): AttackRunner => ({
  run: ({ get, set, progress }) =>
    runMfaAttack(id, {
      accounts: get().accounts,
      toggles: { ...get().meta?.toggles },
      onProgress: (p) => {
        set({ bruteProgress: p });
        progress({ tried: p.attempts, total: MAX_BRUTE_FORCE_GUESSES });
      },
    }),
});

/** How each MFA attack runs from this page; what it is and what it tests is declared in common/labs/mfa.ts. */
const RUNNERS: AttackRunners<typeof MFA_LAB> = {
  'mfa-replay': runner('replay'),
  'mfa-brute-force': runner('brute-force'),
  'mfa-bind-ticket': runner('bind-ticket'),
  'mfa-step-up': runner('step-up'),
};

/** The four 2FA attacks of the MFA lab, each with the defence it tests. */
export const MFA_ATTACKS = withRunners(MFA_LAB, RUNNERS);
