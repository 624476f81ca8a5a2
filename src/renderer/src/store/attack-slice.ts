import type { StateCreator } from 'zustand';
import type { CrackProgress } from '../../../common/jwt-inspect';
import { TOGGLES } from '../../../common/toggles';
import { errorMessage } from '../api/client';
import { textOf, type AttackEntry, type AttackResult, type AttackView } from '../components/attack-catalogue';
import type { Store } from './index';
import { onLabReset } from './lab-reset';

/** The latest run of one attack, as its card shows it. */
export interface AttackRun {
  running: boolean;
  /** Counts runs, so a repeated identical outcome still reads as new. */
  run: number;
  /** The lab's toggles when it ran: a result only describes the defences it ran against. */
  toggles: Record<string, boolean>;
  progress?: CrackProgress;
  result?: AttackResult & { verdict: string };
  /** Why the run could not finish, shown on the card that was clicked. */
  error?: string;
}

export interface AttackSlice {
  attackRuns: Partial<Record<string, AttackRun>>;
  /** The attack running now; the labs run one at a time, as they share cookies, keys and the clock. */
  attackRunning: string | null;
  runAttack: (attack: AttackEntry, view: AttackView) => Promise<void>;
  /** Forgets an attack's outcome, e.g. when its defence switch changes and the outcome no longer applies. */
  clearAttack: (id: string) => void;
}

const ATTACKER_WINDOW_FEATURES = 'popup,width=720,height=560';

/** Runs any lab's attack against the live lab and keeps each one's latest outcome. */
export const createAttackSlice: StateCreator<Store, [], [], AttackSlice> = (set, get, store) => {
  // A lab reset forgets every outcome: they describe a lab that is gone.
  onLabReset(store, () => set({ attackRuns: {}, attackRunning: null }));
  const update = (id: string, patch: Partial<AttackRun>) => {
    const current = get().attackRuns[id];
    if (current) set({ attackRuns: { ...get().attackRuns, [id]: { ...current, ...patch } } });
  };
  return {
    attackRuns: {},
    attackRunning: null,
    runAttack: async (attack, view) => {
      const previous = get().attackRuns[attack.id];
      const toggles = { ...get().meta?.toggles };
      const fresh: AttackRun = { running: true, run: (previous?.run ?? 0) + 1, toggles };
      const problem = attack.precondition?.(get) ?? null;
      if (problem) {
        set({ attackRuns: { ...get().attackRuns, [attack.id]: { ...fresh, running: false, error: problem } } });
        return;
      }
      // The attacker's window must open now, inside the click, or the pop-up blocker stops it.
      // A real top-level window on the attacker's site, so the browser applies its cross-site cookie rules.
      const runTag = Math.random().toString(36).slice(2, 12);
      const attacker = get().meta?.origins.attacker;
      const attackerWindow =
        attack.attackerPage && attacker
          ? window.open(
              attacker + attack.attackerPage(runTag),
              `authlab-attacker-${attack.id}`,
              ATTACKER_WINDOW_FEATURES,
            )
          : null;
      set({ attackRunning: attack.id, attackRuns: { ...get().attackRuns, [attack.id]: fresh } });
      try {
        const result = await attack.run({
          get,
          set,
          progress: (progress) => update(attack.id, { progress }),
          attackerWindow,
          runTag,
        });
        const defenceOn = attack.defeats.every((name) => toggles[name] !== false);
        const off = TOGGLES.filter((t) => attack.defeats.includes(t.name) && toggles[t.name] === false);
        const verdict =
          result.verdict ??
          (defenceOn
            ? textOf(attack.defence, view)
            : `${off.map((t) => t.whenOff).join(' ')} Turn the defence back on to stop it.`);
        update(attack.id, { running: false, result: { ...result, verdict } });
      } catch (error) {
        update(attack.id, { running: false, error: errorMessage(error) });
      } finally {
        // Close what the attack opened, where the lab still can (a window the attacker's page has
        // not reached yet); past that point the attacker's pages close their own window.
        attackerWindow?.close();
        set({ attackRunning: null });
      }
    },
    clearAttack: (id) =>
      set((state) => {
        const { [id]: _cleared, ...rest } = state.attackRuns;
        return { attackRuns: rest };
      }),
  };
};
