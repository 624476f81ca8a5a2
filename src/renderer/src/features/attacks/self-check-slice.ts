import type { StateCreator } from 'zustand';
import type { SelfCheckEvent } from '../../../../common/schemas/attacks';
import type { ToggleName } from '../../../../common/toggles';
import { api, errorMessage, streamLines } from '../../api/client';
import type { Store } from '../../store';
import { loadPageRunners } from './catalogue';
import { underPageRunLease } from './page-run-lease';
import { IDLE_SELF_CHECK, applySelfCheckEvent, withRow, type SelfCheckRow, type SelfCheckState } from './self-check';

export interface SelfCheckSlice {
  selfCheck: SelfCheckState;
  /** Runs every attack with only its defence off, then on, and fills the matrix as the rows arrive. */
  runSelfCheck: () => Promise<void>;
  stopSelfCheck: () => Promise<void>;
}

/**
 * "Check every defence": the server runs what it can (NDJSON stream of
 * SelfCheckEvent) and restores the lab; the browser-only attacks it skips are
 * then run here with the lab pages' own runners, switching only their toggles
 * and putting them back afterwards.
 */
export const createSelfCheckSlice: StateCreator<Store, [], [], SelfCheckSlice> = (set, get) => {
  let stopped = false;
  const update = (change: (state: SelfCheckState) => SelfCheckState) => set({ selfCheck: change(get().selfCheck) });

  /** One page run with the attack's toggles set to `on`: did the attacker get through? */
  const runInPage = async (id: string, defeats: readonly string[], on: boolean) => {
    await get().setToggles(Object.fromEntries(defeats.map((name) => [name as ToggleName, on])));
    return (await loadPageRunners()).runInPage(get, id);
  };

  const couldNotRun = (row: SelfCheckRow, error: unknown) =>
    update((state) =>
      withRow(state, { ...row, ranIn: 'browser', skipped: `Could not run in the page: ${errorMessage(error)}` }),
    );

  /** A browser-only row under a page-run lease, so its runs and toggle flips count for no walkthrough attempt. */
  const runBrowserRow = async (row: SelfCheckRow) => {
    const entry = get().catalogue?.attacks.find((a) => a.id === row.id);
    if (!entry || entry.runsIn !== 'browser') return;
    const defeats = entry.defeats.map((d) => d.toggle);
    await underPageRunLease(row.id, () => runBothInPage(row, defeats)).catch((error: unknown) =>
      couldNotRun(row, error),
    );
  };

  /** The row's two page runs, defence off then on; its toggles go back after. */
  const runBothInPage = async (row: SelfCheckRow, defeats: readonly string[]) => {
    const toggles: Readonly<Record<string, boolean>> = get().meta?.toggles ?? {};
    const before = Object.fromEntries(defeats.map((name) => [name, toggles[name] ?? true]));
    try {
      const off = await runInPage(row.id, defeats, false);
      const on = await runInPage(row.id, defeats, true);
      const ran: SelfCheckRow = {
        ...row,
        ranIn: 'browser',
        skipped: null,
        offExploited: off.succeeded,
        onBlocked: !on.succeeded,
        off: { summary: off.summary ?? '' },
        on: { summary: on.summary ?? '' },
      };
      update((state) => withRow(state, ran));
    } catch (error) {
      couldNotRun(row, error);
    } finally {
      await get().setToggles(before as Partial<Record<ToggleName, boolean>>);
    }
  };

  return {
    selfCheck: IDLE_SELF_CHECK,
    runSelfCheck: async () => {
      if (get().selfCheck.running) return;
      stopped = false;
      set({ selfCheck: { ...IDLE_SELF_CHECK, running: true } });
      if (!get().catalogue) await get().loadCatalogue();
      try {
        await streamLines('/api/lab/attacks/check-all', (line) =>
          update((s) => applySelfCheckEvent(s, line as SelfCheckEvent)),
        );
        for (const row of get().selfCheck.rows) {
          if (stopped) break;
          if (row.skipped !== null) await runBrowserRow(row);
        }
        if (stopped)
          update((s) => ({
            ...s,
            done: { stopped: true, restored: s.done?.restored ?? true, durationMs: s.done?.durationMs ?? 0 },
          }));
      } catch (error) {
        if (!stopped) update((s) => ({ ...s, error: errorMessage(error) }));
      } finally {
        update((s) => ({ ...s, running: false, done: s.done ?? { stopped, restored: false, durationMs: 0 } }));
        void get().loadCatalogue();
      }
    },
    stopSelfCheck: async () => {
      stopped = true;
      try {
        await api('POST /api/lab/attacks/check-all/stop');
      } catch (error) {
        update((s) => ({ ...s, error: errorMessage(error) }));
      }
    },
  };
};
