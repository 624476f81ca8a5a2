import type { StateCreator } from 'zustand';
import { ApiError, api, errorMessage } from '../../api/client';
import type { Store } from '../../store';
import { runSessionAttack } from './session-attacks';
import type { AttackId, AttackResult, CookieReport, LoginResponse, SessionSummary, SessionUser } from './types';

export interface SessionSlice {
  sessionUser: SessionUser | null;
  /** Held in memory only, never persisted: it is sent back as x-csrf-token. */
  csrfToken: string | null;
  pendingMfaTicket: string | null;
  cookieReport: CookieReport | null;
  /** The last signed-in session's row, followed after its cookie is gone: did logout delete it? */
  lastRow: { handle: string; email: string; onServer: boolean } | null;
  mySessions: SessionSummary[];
  /** The app origin's cookies as page script sees them (document.cookie). */
  scriptCookies: string;
  sessionError: string | null;
  sessionBusy: boolean;
  attackResults: Partial<Record<AttackId, AttackResult>>;
  attackRunning: AttackId | null;
  refreshSession: () => Promise<void>;
  sessionLogin: (email: string, password: string, rememberMe: boolean) => Promise<void>;
  sessionLoginMfa: (code: string) => Promise<void>;
  sessionLogout: () => Promise<void>;
  endSession: (id: string) => Promise<void>;
  runAttack: (attack: AttackId, victimEmail: string) => Promise<void>;
  /** Forgets an attack's outcome, e.g. when its defence switch changes and the outcome no longer applies. */
  clearAttackResult: (attack: AttackId) => void;
}

/** Calls a state-changing session route with this session's CSRF token. */
export async function withCsrf<T>(get: () => Store, method: 'POST' | 'DELETE', path: string): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    // A DELETE has no body, so it must not claim a JSON one (the server would answer invalid_json).
    headers: {
      ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      'x-csrf-token': get().csrfToken ?? '',
    },
    body: method === 'POST' ? '{}' : undefined,
  });
  const body = (await response.json().catch(() => null)) as T & { error?: string; message?: string };
  if (!response.ok)
    throw new ApiError(response.status, {
      error: body?.error ?? 'http_error',
      message: body?.message ?? String(response.status),
    });
  return body;
}

/** The session lab: login, the cookie and its server row, your sessions, and the four attacks. */
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
    csrfToken: null,
    pendingMfaTicket: null,
    cookieReport: null,
    lastRow: null,
    mySessions: [],
    scriptCookies: '',
    sessionError: null,
    sessionBusy: false,
    attackResults: {},
    attackRunning: null,
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
            if (!get().csrfToken)
              set({ csrfToken: (await api.get<{ csrfToken: string }>('/api/session/csrf')).csrfToken });
          } else set({ csrfToken: null });
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 401)) throw error;
          set({ csrfToken: null });
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
        else set({ csrfToken: result.csrfToken ?? null, pendingMfaTicket: null });
      }),
    sessionLoginMfa: (code) =>
      guarded(async () => {
        const result = await api.post<LoginResponse>('/api/session/login/mfa', {
          mfaTicket: get().pendingMfaTicket,
          code,
        });
        set({ csrfToken: result.csrfToken ?? null, pendingMfaTicket: null });
      }),
    sessionLogout: () =>
      guarded(async () => {
        await withCsrf(get, 'POST', '/api/session/logout');
        set({ csrfToken: null });
      }),
    endSession: (id) => guarded(async () => void (await withCsrf(get, 'DELETE', `/api/session/sessions/${id}`))),
    runAttack: async (attack, victimEmail) => {
      const problem =
        (attack === 'csrf' || attack === 'logout') && !get().sessionUser
          ? 'Log in first: this attack needs a live session to abuse.'
          : attack === 'fixation' && get().accounts.find((a) => a.email === victimEmail)?.mfa !== false
            ? 'Pick a demo account without MFA as the victim of this attack.'
            : null;
      if (problem) {
        set({ sessionError: problem });
        return;
      }
      // Any attacker window must open now, inside the click, or the pop-up blocker stops it.
      const run = Math.random().toString(36).slice(2, 12);
      const popup = openAttackerWindow(get, attack, run);
      set({ attackRunning: attack, sessionError: null });
      try {
        const result = await runSessionAttack(get, set, attack, victimEmail, popup, run);
        set((state) => ({
          attackResults: {
            ...state.attackResults,
            [attack]: {
              ...result,
              run: (state.attackResults[attack]?.run ?? 0) + 1,
              toggles: { ...state.meta?.toggles },
            },
          },
        }));
      } catch (error) {
        set({ sessionError: errorMessage(error) });
      } finally {
        set({ attackRunning: null });
        await get().refreshSession();
      }
    },
    clearAttackResult: (attack) =>
      set((state) => {
        const { [attack]: _cleared, ...rest } = state.attackResults;
        return { attackResults: rest };
      }),
  };
};

export const CSRF_PAYLOAD = 'Pwned by Evil Corp';

function openAttackerWindow(get: () => Store, attack: AttackId, run: string): boolean {
  const attacker = get().meta?.origins.attacker;
  if (!attacker) return false;
  const path =
    attack === 'fixation'
      ? '/session/fixation'
      : attack === 'csrf'
        ? `/session/csrf?displayName=${encodeURIComponent(CSRF_PAYLOAD)}&run=${run}`
        : null;
  if (!path) return false;
  // A real top-level window on the attacker's site, so the browser applies its cross-site cookie rules.
  window.open(attacker + path, `authlab-attacker-${attack}`, 'popup,width=720,height=560');
  return true;
}
