import type { StateCreator } from 'zustand';
import { ApiError, api, errorMessage, readCsrfTokenFrom } from '../../api/client';
import type { Store } from '../../store';
import { onLabReset } from '../../store/lab-reset';
import type { CookieReport, SessionSummary, SessionUser } from './types';

export interface SessionSlice {
  sessionUser: SessionUser | null;
  /**
   * The session's synchronizer token, held in memory only (never persisted).
   * api/client.ts reads it here and sends it as x-csrf-token on every
   * state-changing call, whichever lab makes the call.
   */
  csrfToken: string | null;
  /** The account the login form (and the fixation attack, as its victim) uses. */
  sessionEmail: string;
  pendingMfaTicket: string | null;
  cookieReport: CookieReport | null;
  /** The last signed-in session's row, followed after its cookie is gone: did logout delete it? */
  lastRow: { handle: string; email: string; onServer: boolean } | null;
  mySessions: SessionSummary[];
  /** The app origin's cookies as page script sees them (document.cookie). */
  scriptCookies: string;
  sessionError: string | null;
  sessionBusy: boolean;
  setSessionEmail: (email: string) => void;
  refreshSession: () => Promise<void>;
  sessionLogin: (email: string, password: string, rememberMe: boolean) => Promise<void>;
  sessionLoginMfa: (code: string) => Promise<void>;
  sessionLogout: () => Promise<void>;
  endSession: (id: string) => Promise<void>;
  /** A login finished elsewhere (the MFA lab) on the same session cookie: keep its token. */
  sessionSignedIn: (csrfToken: string | null) => void;
  /** A logout elsewhere (the MFA lab) ended the session cookie. */
  sessionSignedOut: () => void;
  /**
   * Asks the server for this session's CSRF token. `ifUnknown` skips the ask
   * while one is held (the session lab's own refresh after a page load).
   */
  loadCsrfToken: (options?: { ifUnknown: boolean }) => Promise<void>;
}

/** The account picked in the login form: the first demo account until the learner picks one. */
export const chosenEmail = (s: Store): string => s.sessionEmail || s.accounts[0]?.email || '';

/** The session lab: login, the cookie and its server row, your sessions. The attacks are in attack-catalogue.ts. */
export const createSessionSlice: StateCreator<Store, [], [], SessionSlice> = (set, get, store) => {
  readCsrfTokenFrom(() => get().csrfToken);
  // A lab reset ended every session: forget what this page knew, then ask the server again.
  onLabReset(store, async () => {
    set({
      csrfToken: null,
      sessionUser: null,
      pendingMfaTicket: null,
      cookieReport: null,
      lastRow: null,
      mySessions: [],
      sessionError: null,
    });
    await get().refreshSession();
  });
  const guarded = async (work: () => Promise<void>) => {
    set({ sessionBusy: true, sessionError: null });
    try {
      await work();
    } catch (error) {
      set({ sessionError: errorMessage(error) });
    } finally {
      set({ sessionBusy: false });
      await get().refreshSession();
    }
  };
  return {
    sessionUser: null,
    csrfToken: null,
    sessionEmail: '',
    pendingMfaTicket: null,
    cookieReport: null,
    lastRow: null,
    mySessions: [],
    scriptCookies: '',
    sessionError: null,
    sessionBusy: false,
    setSessionEmail: (email) => set({ sessionEmail: email }),
    refreshSession: async () => {
      try {
        const report = await api('GET /api/lab/session/cookie');
        let user: SessionUser | null = null;
        let sessions: SessionSummary[] = [];
        // Ask "who am I" only when the cookie report shows a live signed-in session: a
        // 401 for "nobody" is the expected answer, but the browser logs it as a failure.
        const signedIn = report.cookie.signatureValid && report.session?.status === 'live' && report.session.user;
        try {
          if (signedIn) {
            user = (await api('GET /api/session/me')).user;
            sessions = await api('GET /api/session/sessions');
            await get().loadCsrfToken({ ifUnknown: true });
          } else set({ csrfToken: null });
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 401)) throw error;
          set({ csrfToken: null });
        }
        let lastRow = get().lastRow;
        if (report.session?.user) {
          lastRow = { handle: report.session.handle, email: report.session.user.email, onServer: true };
        } else if (lastRow) {
          const row = await api('GET /api/lab/session/rows/:handle', { params: { handle: lastRow.handle } });
          lastRow = { ...lastRow, onServer: row.onServer };
        }
        set({ cookieReport: report, sessionUser: user, mySessions: sessions, scriptCookies: document.cookie, lastRow });
      } catch (error) {
        set({ sessionError: errorMessage(error) });
      }
    },
    sessionLogin: (email, password, rememberMe) =>
      guarded(async () => {
        const result = await api('POST /api/session/login', { body: { email, password, rememberMe } });
        if (result.requiresMfa) set({ pendingMfaTicket: result.mfaTicket ?? null });
        else set({ csrfToken: result.csrfToken ?? null, pendingMfaTicket: null });
      }),
    sessionLoginMfa: (code) =>
      guarded(async () => {
        const result = await api('POST /api/session/login/mfa', {
          body: { mfaTicket: get().pendingMfaTicket ?? '', code },
        });
        set({ csrfToken: result.csrfToken ?? null, pendingMfaTicket: null });
      }),
    sessionLogout: () =>
      guarded(async () => {
        await api('POST /api/session/logout');
        set({ csrfToken: null });
      }),
    endSession: (id) => guarded(async () => void (await api('DELETE /api/session/sessions/:id', { params: { id } }))),
    sessionSignedIn: (csrfToken) => set({ csrfToken, pendingMfaTicket: null }),
    sessionSignedOut: () => set({ csrfToken: null, pendingMfaTicket: null }),
    loadCsrfToken: async (options) => {
      if (options?.ifUnknown && get().csrfToken !== null) return;
      set({ csrfToken: (await api('GET /api/session/csrf')).csrfToken });
    },
  };
};
