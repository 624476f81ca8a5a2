import type { StateCreator } from 'zustand';
import { ApiError, api, errorMessage } from '../../api/client';
import type { Store } from '../../store';
import { onLabReset } from '../../store/lab-reset';

export interface PolicyReason {
  code: string;
  message: string;
}

export type RegistrationOutcome =
  { kind: 'accepted'; message: string } | { kind: 'error'; message: string; reasons: PolicyReason[] };

export interface AccountsSlice {
  /** What the last registration answered ("check the lab inbox", or the policy's reasons). */
  registration: RegistrationOutcome | null;
  registering: boolean;
  registerAccount: (email: string, password: string) => Promise<void>;
}

const reasonsOf = (error: unknown): PolicyReason[] =>
  error instanceof ApiError && Array.isArray(error.body.reasons)
    ? error.body.reasons.filter(
        (r): r is PolicyReason => typeof r === 'object' && r !== null && 'code' in r && 'message' in r,
      )
    : [];

/** Registration, exactly as a learner's app would do it; the mail it sends lands in the lab inbox. */
export const createAccountsSlice: StateCreator<Store, [], [], AccountsSlice> = (set, get, store) => {
  // A lab reset empties the inbox, so an outcome from before it ("check the lab inbox") is stale.
  onLabReset(store, () => set({ registration: null }));
  return {
    registration: null,
    registering: false,
    registerAccount: async (email, password) => {
      set({ registering: true });
      try {
        const accepted = await api('POST /api/auth/register', { body: { email, password } });
        set({ registration: { kind: 'accepted', message: accepted.message } });
      } catch (error) {
        set({ registration: { kind: 'error', message: errorMessage(error), reasons: reasonsOf(error) } });
      } finally {
        set({ registering: false });
        await get().loadInbox();
      }
    },
  };
};
