import type { StateCreator } from 'zustand';
import type { AttackCatalogue, AttackRunResult } from '../../../../common/schemas/attacks';
import { api, errorMessage } from '../../api/client';
import type { Store } from '../../store';
import { underPageRunLease } from './page-run-lease';
import { NO_FILTERS, defenceStateOf, loadPageRunners, type CatalogueFilters } from './catalogue';

/** A "Show me" run: the server's account of it, or the page runner's for a browser-only attack. */
export interface ShowMeRun {
  running: boolean;
  defence: 'on' | 'off';
  result: Pick<AttackRunResult, 'summary' | 'steps'> & { succeeded: boolean };
  error: string | null;
}

export interface AttacksSlice {
  catalogue: AttackCatalogue | null;
  catalogueError: string | null;
  catalogueFilters: CatalogueFilters;
  /** The attack whose walkthrough is open on `#/attacks`, or null. */
  openAttack: string | null;
  showMe: Partial<Record<string, ShowMeRun>>;
  loadCatalogue: () => Promise<void>;
  setCatalogueFilters: (filters: Partial<CatalogueFilters>) => void;
  setOpenAttack: (id: string | null) => void;
  /** Forgets every status (after the learner confirmed); the catalogue comes back with all "not tried". */
  resetProgress: () => Promise<void>;
  /** Runs the attack once with the defence as it is now; it shows how, and never marks progress. */
  runShowMe: (id: string) => Promise<void>;
}

const NO_RESULT = { summary: '', steps: [], succeeded: false };

/** The attack catalogue (`#/attacks`): every attack with its progress, the filters, and "Show me". */
export const createAttacksSlice: StateCreator<Store, [], [], AttacksSlice> = (set, get) => {
  const putShowMe = (id: string, run: ShowMeRun) => set({ showMe: { ...get().showMe, [id]: run } });
  return {
    catalogue: null,
    catalogueError: null,
    catalogueFilters: NO_FILTERS,
    openAttack: null,
    showMe: {},
    loadCatalogue: async () => {
      try {
        set({ catalogue: await api('GET /api/lab/attacks'), catalogueError: null });
      } catch (error) {
        set({ catalogueError: errorMessage(error) });
      }
    },
    setCatalogueFilters: (filters) => set({ catalogueFilters: { ...get().catalogueFilters, ...filters } }),
    setOpenAttack: (id) => set({ openAttack: id }),
    resetProgress: async () => {
      try {
        set({ catalogue: await api('POST /api/lab/attacks/progress/reset'), catalogueError: null });
      } catch (error) {
        set({ catalogueError: errorMessage(error) });
      }
    },
    runShowMe: async (id) => {
      const entry = get().catalogue?.attacks.find((a) => a.id === id);
      if (!entry) return;
      const defence = defenceStateOf(
        entry.defeats.map((d) => d.toggle),
        get().meta?.toggles,
      );
      putShowMe(id, { running: true, defence, result: NO_RESULT, error: null });
      try {
        const result =
          entry.runsIn === 'browser'
            ? await underPageRunLease(id, async () => (await loadPageRunners()).runInPage(get, id)).then((run) => ({
                ...run,
                summary: run.summary ?? '',
              }))
            : await api('POST /api/lab/attacks/:id/run', { params: { id }, body: { defence } }).then((run) => ({
                ...run,
                succeeded: run.outcome === 'succeeded',
              }));
        putShowMe(id, { running: false, defence, result, error: null });
      } catch (error) {
        putShowMe(id, { running: false, defence, result: NO_RESULT, error: errorMessage(error) });
      }
    },
  };
};
