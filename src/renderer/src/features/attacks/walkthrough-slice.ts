import type { StateCreator } from 'zustand';
import type { WalkthroughAttempt } from '../../../../common/schemas/attacks';
import { answerOf, api, errorMessage } from '../../api/client';
import type { Store } from '../../store';
import { statusAfter } from './catalogue';

export interface WalkthroughSlice {
  /** The open walkthrough's attempt: which steps the server has seen happen so far. */
  attempt: WalkthroughAttempt | null;
  attemptError: string | null;
  /**
   * Opens the walkthrough's attempt: one still in progress (the learner went
   * to the lab page and came back) carries on; otherwise a new one starts.
   */
  openAttempt: (id: string) => Promise<void>;
  /** Starts the attempt again: only what happens from now on counts. */
  startAttempt: (id: string) => Promise<void>;
  /** Reads the attempt again; the page calls it about every second while the walkthrough is open and visible. */
  refreshAttempt: () => Promise<void>;
  /** Sends the learner's pasted value for a `paste` step; the server checks it and the step turns green or says why not. */
  pasteAnswer: (step: string, value: string) => Promise<void>;
  closeAttempt: () => void;
}

/** A hands-on walkthrough of one attack, checked on the server from what really happened. */
export const createWalkthroughSlice: StateCreator<Store, [], [], WalkthroughSlice> = (set, get) => {
  // Only the latest request counts: a slow answer for an attempt the learner left must not come back.
  let latest = 0;
  const accept = (attempt: WalkthroughAttempt, request: number) => {
    if (request !== latest) return;
    const previous = get().attempt;
    set({ attempt, attemptError: null });
    // The goal's result arrived: the attack's status moves now, and the catalogue is read again for the totals.
    if (attempt.result && previous?.result !== attempt.result) {
      const catalogue = get().catalogue;
      if (catalogue) {
        const attacks = catalogue.attacks.map((a) =>
          a.id === attempt.attackId
            ? { ...a, progress: { ...a.progress, status: statusAfter(a.progress.status, attempt.result) } }
            : a,
        );
        set({ catalogue: { ...catalogue, attacks } });
      }
      void get().loadCatalogue();
    }
  };
  const call = async (work: () => Promise<WalkthroughAttempt>) => {
    const request = ++latest;
    try {
      accept(await work(), request);
    } catch (error) {
      if (request === latest) set({ attemptError: errorMessage(error) });
    }
  };
  return {
    attempt: null,
    attemptError: null,
    openAttempt: (id) => {
      set({ attempt: null, attemptError: null });
      return call(async () => {
        const current = await answerOf('GET /api/lab/attacks/:id/attempt', { params: { id } });
        if (current.status === 200 && current.body.result === null) return current.body;
        return api('POST /api/lab/attacks/:id/attempt', { params: { id } });
      });
    },
    startAttempt: (id) => {
      set({ attempt: null, attemptError: null });
      return call(() => api('POST /api/lab/attacks/:id/attempt', { params: { id } }));
    },
    refreshAttempt: async () => {
      const id = get().attempt?.attackId;
      if (id) await call(() => api('GET /api/lab/attacks/:id/attempt', { params: { id } }));
    },
    pasteAnswer: async (step, value) => {
      const id = get().attempt?.attackId;
      if (id)
        await call(() => api('POST /api/lab/attacks/:id/attempt/paste', { params: { id }, body: { step, value } }));
    },
    closeAttempt: () => {
      latest++;
      set({ attempt: null, attemptError: null });
    },
  };
};
