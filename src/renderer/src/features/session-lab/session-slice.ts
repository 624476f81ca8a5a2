import type { StateCreator } from 'zustand';
import { ApiError, api, errorMessage, hasCsrfToken, setCsrfToken } from '../../api/client';
import type { Store } from '../../store';
import type { CookieReport, LoginResponse, SessionSummary, SessionUser } from './types';

export interface SessionSlice {
  sessionUser: SessionUser | null;
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
  /** A lab reset ended every session: forget what this page knew, then ask the server again. */
  sessionLabReset: () => Promise<void>;
}

/** The account picked in the login form: the first demo account until the learner picks one. */
export const chosenEmail = (s: Store): string => s.sessionEmail || s.accounts[0]?.email || '';

/** The session lab: login, the cookie and its server row, your sessions. The attacks are in attack-catalogue.ts. */
export const createSessionSlice: StateCreator<Store, [], [], SessionSlice> = (set, get) => {
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
        const report = await api.get<CookieReport>('/api/lab/session/cookie');
        let user: SessionUser | null = null;
        let sessions: SessionSummary[] = [];
        // Ask "who am I" only when the cookie report shows a live signed-in session: a
        // 401 for "nobody" is the expected answer, but the browser logs it as a failure.
        const signedIn = report.cookie.signatureValid && report.session?.status === 'live' && report.session.user;
        try {
          if (signedIn) {
            user = (await api.get<{ user: SessionUser }>('/api/session/me')).user;
            sessions = await api.get<SessionSummary[]>('/api/session/sessions');
            if (!hasCsrfToken()) setCsrfToken((await api.get<{ csrfToken: string }>('/api/session/csrf')).csrfToken);
          } else setCsrfToken(null);
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 401)) throw error;
          setCsrfToken(null);
        }
        let lastRow = get().lastRow;
        if (report.session?.user) {
          lastRow = { handle: report.session.handle, email: report.session.user.email, onServer: true };
        } else if (lastRow) {
          const row = await api.get<{ onServer: boolean }>(`/api/lab/session/rows/${lastRow.handle}`);
          lastRow = { ...lastRow, onServer: row.onServer };
        }
        set({ cookieReport: report, sessionUser: user, mySessions: sessions, scriptCookies: document.cookie, lastRow });
      } catch (error) {
        set({ sessionError: errorMessage(error) });
      }
    },
    sessionLogin: (email, password, rememberMe) =>
      guarded(async () => {
        const result = await api.post<LoginResponse>('/api/session/login', { email, password, rememberMe });
        if (result.requiresMfa) set({ pendingMfaTicket: result.mfaTicket ?? null });
        else {
          setCsrfToken(result.csrfToken ?? null);
          set({ pendingMfaTicket: null });
        }
      }),
    sessionLoginMfa: (code) =>
      guarded(async () => {
        const result = await api.post<LoginResponse>('/api/session/login/mfa', {
          mfaTicket: get().pendingMfaTicket,
          code,
        });
        setCsrfToken(result.csrfToken ?? null);
        set({ pendingMfaTicket: null });
      }),
    sessionLogout: () =>
      guarded(async () => {
        await api.post('/api/session/logout');
        setCsrfToken(null);
      }),
    endSession: (id) => guarded(async () => void (await api.delete(`/api/session/sessions/${id}`))),
    sessionLabReset: async () => {
      setCsrfToken(null);
      set({
        sessionUser: null,
        pendingMfaTicket: null,
        cookieReport: null,
        lastRow: null,
        mySessions: [],
        sessionError: null,
      });
      await get().refreshSession();
    },
  };
};
