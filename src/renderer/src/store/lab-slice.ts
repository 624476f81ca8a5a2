import type { StateCreator } from 'zustand';
import type { DemoAccount, InboxMail, LabMeta } from '../../../common/api';
import type { ToggleName } from '../../../common/toggles';
import { api, errorMessage } from '../api/client';
import type { Store } from './index';
import { onLabReset, runLabResets } from './lab-reset';

export interface LabSlice {
  meta: LabMeta | null;
  accounts: DemoAccount[];
  inbox: InboxMail[];
  loadError: string | null;
  busy: boolean;
  loadLab: () => Promise<void>;
  loadInbox: () => Promise<void>;
  setToggles: (changes: Partial<Record<ToggleName, boolean>>) => Promise<void>;
  restoreAllToggles: () => Promise<void>;
  advanceClock: (ms: number) => Promise<void>;
  resetClock: () => Promise<void>;
  resetLab: () => Promise<void>;
  /** The toggles or the clock changed on the server, from this window or another (the live stream says so). */
  labChanged: (patch: Partial<Pick<LabMeta, 'toggles' | 'clock'>>) => void;
  /** The toggles as the server has them now: what a run about to start will meet, for its label. */
  readToggles: () => Promise<LabMeta['toggles']>;
}

/** Lab-wide state: origins, toggles, clock and demo accounts. Fetches live here, not in components. */
export const createLabSlice: StateCreator<Store, [], [], LabSlice> = (set, get, store) => {
  const withBusy = async (work: () => Promise<void>) => {
    set({ busy: true });
    try {
      await work();
      set({ loadError: null });
    } catch (error) {
      set({ loadError: errorMessage(error) });
    } finally {
      set({ busy: false });
    }
  };
  const patchMeta = (patch: Partial<LabMeta>) => {
    const meta = get().meta;
    if (meta) set({ meta: { ...meta, ...patch } });
  };
  onLabReset(store, () => set({ inbox: [] }));
  return {
    meta: null,
    accounts: [],
    inbox: [],
    loadError: null,
    busy: false,
    loadLab: () =>
      withBusy(async () => {
        const [meta, accounts] = await Promise.all([api('GET /api/meta'), api('GET /api/lab/accounts')]);
        set({ meta, accounts });
      }),
    loadInbox: async () => {
      try {
        set({ inbox: await api('GET /api/lab/inbox') });
      } catch (error) {
        set({ loadError: errorMessage(error) });
      }
    },
    setToggles: (changes) =>
      withBusy(async () => patchMeta({ toggles: await api('PUT /api/lab/toggles', { body: changes }) })),
    restoreAllToggles: async () => {
      const toggles = get().meta?.toggles;
      if (!toggles) return;
      await get().setToggles(Object.fromEntries(Object.keys(toggles).map((name) => [name, true])));
    },
    advanceClock: (ms) =>
      withBusy(async () => patchMeta({ clock: await api('POST /api/lab/clock', { body: { advanceMs: ms } }) })),
    resetClock: () =>
      withBusy(async () => patchMeta({ clock: await api('POST /api/lab/clock', { body: { reset: true } }) })),
    resetLab: () =>
      withBusy(async () => {
        await api('POST /api/lab/reset');
        // Every slice drops what the reset made stale (sessions, tokens, keys, attack outcomes) at once.
        const [clock, toggles] = await Promise.all([
          api('GET /api/lab/clock'),
          api('GET /api/lab/toggles'),
          runLabResets(store),
        ]);
        patchMeta({ clock, toggles });
      }),
    labChanged: (patch) => patchMeta(patch),
    readToggles: async () => {
      const toggles = await api('GET /api/lab/toggles');
      patchMeta({ toggles });
      return toggles;
    },
  };
};
