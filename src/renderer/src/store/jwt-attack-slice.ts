import type { StateCreator } from 'zustand';
import type { CrackProgress } from '../../../common/jwt-inspect';
import { errorMessage } from '../api/client';
import { ATTACKS, ATTACK_TOGGLES, type AttackOutcome, type JwtAttackId } from './jwt-attacks';
import type { Store } from './index';

export interface AttackRun {
  running: boolean;
  /** Whether the defence was on when this run started. */
  defenceOn: boolean;
  progress?: CrackProgress;
  outcome?: AttackOutcome;
  error?: string;
}

export interface JwtAttackSlice {
  jwtAttackRuns: Partial<Record<JwtAttackId, AttackRun>>;
  runJwtAttack: (id: JwtAttackId) => Promise<void>;
}

/** Runs the JWT lab's attacks against the real server and keeps each one's latest result. */
export const createJwtAttackSlice: StateCreator<Store, [], [], JwtAttackSlice> = (set, get) => {
  const update = (id: JwtAttackId, patch: Partial<AttackRun>) =>
    set({ jwtAttackRuns: { ...get().jwtAttackRuns, [id]: { ...get().jwtAttackRuns[id]!, ...patch } } });
  return {
    jwtAttackRuns: {},
    runJwtAttack: async (id) => {
      const defenceOn = get().meta?.toggles[ATTACK_TOGGLES[id]] ?? true;
      set({ jwtAttackRuns: { ...get().jwtAttackRuns, [id]: { running: true, defenceOn } } });
      const user = get().accounts.find((a) => a.role === 'user' && !a.mfa);
      try {
        if (!user) throw new Error('The demo user account is not loaded yet.');
        const outcome = await ATTACKS[id]({
          userEmail: user.email,
          userPassword: user.password,
          progress: (progress) => update(id, { progress }),
          advanceClock: (ms) => get().advanceClock(ms),
          resetClock: () => get().resetClock(),
          clientLogin: () => get().jwtLogin(user.email, user.password, false),
        });
        update(id, { running: false, outcome });
      } catch (error) {
        update(id, { running: false, error: errorMessage(error) });
      } finally {
        void get().jwtLoadState();
      }
    },
  };
};
