import type { StateCreator } from 'zustand';
import type { DemoHashResponse, StoredPassword } from '../../../../common/api';
import { answerOf } from '../../api/client';
import type { Store } from '../../store';
import { onLabReset } from '../../store/lab-reset';
import { WITHOUT_SESSION, refusalOf } from './password-answers';

/** What one of the reset step's forms got back, in words. */
export type PasswordOutcome = { ok: boolean; text: string };
export type PasswordForm = 'forgot' | 'reset' | 'sign-in';

export interface PasswordSlice {
  /** The reset step's forms' latest answers ("check the inbox", "password changed", "signed in as …"). */
  passwordOutcomes: Partial<Record<PasswordForm, PasswordOutcome>>;
  /** The account row last read from "what the database stores", or why it could not be read. */
  passwordStored: { row: StoredPassword | null; error: string | null };
  /** The latest "hash it both ways" answer, or why it was refused. */
  passwordDemoHash: { answer: DemoHashResponse | null; error: string | null; busy: boolean };
  requestResetLink: (email: string) => Promise<void>;
  resetPassword: (token: string, password: string) => Promise<void>;
  checkSignIn: (email: string, password: string) => Promise<void>;
  readStoredPassword: (email: string) => Promise<void>;
  hashBothWays: (password: string) => Promise<void>;
}

const NOTHING_READ = { row: null, error: null };
const NOTHING_HASHED = { answer: null, error: null, busy: false };

/**
 * The password lab's calls and what they answered. Every call here carries no
 * cookie and no CSRF token, so the learner's own session is never touched.
 */
export const createPasswordSlice: StateCreator<Store, [], [], PasswordSlice> = (set, get, store) => {
  const answered = (form: PasswordForm, outcome: PasswordOutcome) =>
    set({ passwordOutcomes: { ...get().passwordOutcomes, [form]: outcome } });
  // A lab reset empties the inbox and the reset links: what the forms said no longer holds.
  onLabReset(store, () =>
    set({ passwordOutcomes: {}, passwordStored: NOTHING_READ, passwordDemoHash: NOTHING_HASHED }),
  );
  return {
    passwordOutcomes: {},
    passwordStored: NOTHING_READ,
    passwordDemoHash: NOTHING_HASHED,
    requestResetLink: async (email) => {
      const res = await answerOf('POST /api/password/forgot', { body: { email }, ...WITHOUT_SESSION });
      answered('forgot', { ok: res.status === 202, text: res.body.message ?? `HTTP ${res.status}` });
      await get().loadInbox();
    },
    resetPassword: async (token, password) => {
      const res = await answerOf('POST /api/password/reset', { body: { token, password }, ...WITHOUT_SESSION });
      answered('reset', { ok: res.status === 200, text: res.body.message ?? `HTTP ${res.status}` });
    },
    checkSignIn: async (email, password) => {
      // A check only: the answer's cookie is not kept, so the learner's own session is untouched.
      const res = await answerOf('POST /api/session/login', { body: { email, password }, ...WITHOUT_SESSION });
      answered(
        'sign-in',
        res.status === 200
          ? { ok: true, text: `Signed in as ${res.body.user?.email ?? email}.` }
          : { ok: false, text: res.body.message ?? `HTTP ${res.status}` },
      );
    },
    readStoredPassword: async (email) => {
      const res = await answerOf('GET /api/lab/password/stored', { query: { email }, ...WITHOUT_SESSION });
      set({
        passwordStored:
          res.status === 200
            ? { row: res.body, error: null }
            : { row: null, error: res.body.message ?? `HTTP ${res.status}` },
      });
    },
    hashBothWays: async (password) => {
      set({ passwordDemoHash: { ...get().passwordDemoHash, busy: true } });
      const res = await answerOf('POST /api/lab/password/demo-hash', { body: { password }, ...WITHOUT_SESSION });
      const previous = get().passwordDemoHash.answer;
      set({
        passwordDemoHash:
          res.status === 200
            ? { answer: res.body, error: null, busy: false }
            : { answer: previous, error: refusalOf(res), busy: false },
      });
    },
  };
};
