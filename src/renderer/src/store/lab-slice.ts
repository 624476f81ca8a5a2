import type { StateCreator } from 'zustand';
import type { DemoAccount, InboxMail, LabMeta } from '../../../common/api';
import type { ToggleName, ToggleState } from '../../../common/toggles';
import { api, errorMessage } from '../api/client';
import type { Store } from './index';

export interface LabSlice {
  meta: LabMeta | null;
  accounts: DemoAccount[];
  inbox: InboxMail[];
  loadError: string | null;
  busy: boolean;
  /** Counts lab resets, so pages can drop what a reset made stale (e.g. a "check the inbox" message). */
  labResets: number;
  loadLab: () => Promise<void>;
  loadInbox: () => Promise<void>;
  setToggles: (changes: Partial<Record<ToggleName, boolean>>) => Promise<void>;
  restoreAllToggles: () => Promise<void>;
  advanceClock: (ms: number) => Promise<void>;
  resetClock: () => Promise<void>;
  resetLab: () => Promise<void>;
}

/** Lab-wide state: origins, toggles, clock and demo accounts. Fetches live here, not in components. */
export const createLabSlice: StateCreator<Store, [], [], LabSlice> = (set, get) => {
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
  return {
    meta: null,
    accounts: [],
    inbox: [],
    loadError: null,
    busy: false,
    labResets: 0,
    loadLab: () =>
      withBusy(async () => {
        const [meta, accounts] = await Promise.all([
          api.get<LabMeta>('/api/meta'),
          api.get<DemoAccount[]>('/api/lab/accounts'),
        ]);
        set({ meta, accounts });
      }),
    loadInbox: async () => {
      try {
        set({ inbox: await api.get<InboxMail[]>('/api/lab/inbox') });
      } catch (error) {
        set({ loadError: errorMessage(error) });
      }
    },
    setToggles: (changes) =>
      withBusy(async () => patchMeta({ toggles: await api.put<ToggleState>('/api/lab/toggles', changes) })),
    restoreAllToggles: async () => {
      const toggles = get().meta?.toggles;
      if (!toggles) return;
      await get().setToggles(Object.fromEntries(Object.keys(toggles).map((name) => [name, true])));
    },
    advanceClock: (ms) =>
      withBusy(async () => patchMeta({ clock: await api.post('/api/lab/clock', { advanceMs: ms }) })),
    resetClock: () => withBusy(async () => patchMeta({ clock: await api.post('/api/lab/clock', { reset: true }) })),
    resetLab: () =>
      withBusy(async () => {
        await api.post('/api/lab/reset');
        set({ inbox: [], labResets: get().labResets + 1 });
        // Every page drops what the reset made stale (sessions, tokens, keys, attack outcomes) at once.
        get().clearAttacks();
        const [clock, toggles] = await Promise.all([
          api.get<LabMeta['clock']>('/api/lab/clock'),
          api.get<ToggleState>('/api/lab/toggles'),
          get().sessionLabReset(),
          get().jwtLabReset(),
        ]);
        patchMeta({ clock, toggles });
      }),
  };
};
