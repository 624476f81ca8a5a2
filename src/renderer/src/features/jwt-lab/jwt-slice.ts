import type { StateCreator } from 'zustand';
import type { JwtKeyInfo, RefreshFamilyView as RefreshFamily } from '../../../../common/api';
import type { AccessAlgorithm } from '../../../../common/schemas/jwt';
import { answerOf, errorMessage, exchange, refusalText, type Answer, type Exchange } from '../../api/client';
import type { Store } from '../../store';
import { onLabReset } from '../../store/lab-reset';

/** One HTTP exchange as the lab shows it: status and JSON body, never thrown. */
export interface JwtExchange {
  label: string;
  status: number;
  body: unknown;
}

export interface JwtSlice {
  /** The access token lives in memory; only the deliberate localStorage toggle persists it. */
  jwtAccessToken: string | null;
  jwtMfaTicket: string | null;
  jwtExchanges: JwtExchange[];
  jwtKeys: JwtKeyInfo[];
  jwtFamilies: RefreshFamily[];
  jwtError: string | null;
  /** Why the last sign-in (or its MFA step) was refused, shown under the sign-in form. */
  jwtLoginError: string | null;
  jwtLogin: (email: string, password: string, rememberMe: boolean) => Promise<void>;
  jwtLoginMfa: (code: string) => Promise<void>;
  jwtRefresh: () => Promise<void>;
  jwtRaceRefresh: () => Promise<void>;
  jwtCall: (path: '/api/jwt/me' | '/api/jwt/admin') => Promise<void>;
  jwtLogout: () => Promise<void>;
  jwtLogoutAll: () => Promise<void>;
  jwtRotateKey: (compromised: boolean, alg?: AccessAlgorithm) => Promise<void>;
  jwtLoadState: () => Promise<void>;
  jwtForget: () => void;
}

/** Where the vulnerable mode keeps the token: readable by any script on this origin. */
export const LOCAL_STORAGE_KEY = 'authlab.jwt.accessToken';

/**
 * Sends the refresh cookie twice at the same moment, like two tabs that both
 * found their token expired. Warm connections first, so neither request waits
 * for a TCP handshake while the other's new cookie arrives. Returns the two
 * answers and whether they really overlapped (both spent the same token).
 */
type RefreshAnswer = Answer<{ accessToken?: string }>;
export async function raceRefresh(): Promise<{ results: [RefreshAnswer, RefreshAnswer]; overlapped: boolean }> {
  let last: [RefreshAnswer, RefreshAnswer] = [
    { status: 0, body: {} },
    { status: 0, body: {} },
  ];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await Promise.all([1, 2, 3].map(() => fetch('/api/health', { cache: 'no-store' })));
    last = await Promise.all([answerOf('POST /api/jwt/refresh'), answerOf('POST /api/jwt/refresh')]);
    const [family] = (await answerOf('GET /api/lab/jwt/families')).body;
    const parents = (family?.tokens ?? []).map((t) => t.parentJti).filter(Boolean);
    const overlapped = family?.revokedReason === 'refresh_token_reused' || new Set(parents).size < parents.length;
    // Two 200s without overlap: the second request already carried the new cookie. Try again.
    if (overlapped || last.some((r) => r.status !== 200)) return { results: last, overlapped };
  }
  return { results: last, overlapped: false };
}

const tokenOf = (body: { accessToken?: string }): string | null => body.accessToken ?? null;

/** The JWT lab: a client that holds a bearer token and a refresh cookie, as a real SPA would. */
/** What the page holds before a login, and again after Reset lab. */
const emptyJwtState = () => ({
  jwtAccessToken: null,
  jwtMfaTicket: null,
  jwtExchanges: [],
  jwtKeys: [],
  jwtFamilies: [],
  jwtError: null,
  jwtLoginError: null,
});

export const createJwtSlice: StateCreator<Store, [], [], JwtSlice> = (set, get, store) => {
  const inLocalStorage = () => get().meta?.toggles['jwt.accessTokenInMemory'] === false;
  const keepToken = (token: string | null) => {
    if (token && inLocalStorage()) window.localStorage.setItem(LOCAL_STORAGE_KEY, token);
    else window.localStorage.removeItem(LOCAL_STORAGE_KEY);
    set({ jwtAccessToken: token });
  };
  const record = (entry: JwtExchange) => set({ jwtExchanges: [entry, ...get().jwtExchanges].slice(0, 12) });
  const run = async <T extends Exchange>(label: string, work: () => Promise<T>): Promise<T | null> => {
    try {
      const result = await work();
      record({ label, ...result });
      set({ jwtError: null });
      return result;
    } catch (error) {
      set({ jwtError: errorMessage(error) });
      return null;
    } finally {
      void get().jwtLoadState();
    }
  };
  // A lab reset revoked every token and replaced the keys: drop what this page holds, then reload.
  onLabReset(store, async () => {
    window.localStorage.removeItem(LOCAL_STORAGE_KEY);
    set(emptyJwtState());
    await get().jwtLoadState();
  });
  return {
    ...emptyJwtState(),
    jwtLogin: async (email, password, rememberMe) => {
      set({ jwtLoginError: null, jwtMfaTicket: null });
      const result = await run('POST /api/jwt/login', () =>
        answerOf('POST /api/jwt/login', { body: { email, password, rememberMe } }),
      );
      set({ jwtLoginError: result ? refusalText(result) : get().jwtError });
      if (result?.status !== 200) return;
      if (result.body.requiresMfa) set({ jwtMfaTicket: result.body.mfaTicket ?? null });
      else keepToken(tokenOf(result.body));
    },
    jwtLoginMfa: async (code) => {
      set({ jwtLoginError: null });
      const result = await run('POST /api/jwt/login/mfa', () =>
        answerOf('POST /api/jwt/login/mfa', { body: { mfaTicket: get().jwtMfaTicket ?? '', code } }),
      );
      set({ jwtLoginError: result ? refusalText(result) : get().jwtError });
      if (result?.status === 200) {
        set({ jwtMfaTicket: null });
        keepToken(tokenOf(result.body));
      }
    },
    jwtRefresh: async () => {
      const result = await run('POST /api/jwt/refresh', () => answerOf('POST /api/jwt/refresh'));
      if (result?.status === 200) keepToken(tokenOf(result.body));
    },
    jwtRaceRefresh: async () => {
      // Two tabs that both notice an expired token: both send the *same* refresh cookie at once.
      const {
        results: [tabA, tabB],
      } = await raceRefresh();
      record({ label: 'POST /api/jwt/refresh (tab 1)', ...tabA });
      record({ label: 'POST /api/jwt/refresh (tab 2)', ...tabB });
      const winner = [tabA, tabB].find((r) => r.status === 200);
      keepToken(winner ? tokenOf(winner.body) : get().jwtAccessToken);
      await get().jwtLoadState();
    },
    jwtCall: async (path) => {
      await run(`GET ${path}`, () => exchange(`GET ${path}`, { token: get().jwtAccessToken }));
    },
    jwtLogout: async () => {
      await run('POST /api/jwt/logout', () => exchange('POST /api/jwt/logout', { token: get().jwtAccessToken }));
      // The old token stays in the inspector so the learner can replay it and see token_revoked.
    },
    jwtLogoutAll: async () => {
      await run('POST /api/jwt/logout-all', () =>
        exchange('POST /api/jwt/logout-all', { token: get().jwtAccessToken }),
      );
    },
    jwtRotateKey: async (compromised, alg) => {
      await run(`POST /api/jwt/keys/rotate${compromised ? ' (compromised)' : ''}`, () =>
        exchange('POST /api/jwt/keys/rotate', { body: { compromised, ...(alg ? { alg } : {}) } }),
      );
    },
    jwtLoadState: async () => {
      try {
        const [keys, families] = await Promise.all([
          answerOf('GET /api/lab/jwt/keys'),
          answerOf('GET /api/lab/jwt/families'),
        ]);
        set({ jwtKeys: keys.body, jwtFamilies: families.body });
        // The vulnerable client reloads its token from storage; the secure one never wrote it there.
        if (!inLocalStorage()) window.localStorage.removeItem(LOCAL_STORAGE_KEY);
        else if (!get().jwtAccessToken) set({ jwtAccessToken: window.localStorage.getItem(LOCAL_STORAGE_KEY) });
      } catch (error) {
        set({ jwtError: errorMessage(error) });
      }
    },
    jwtForget: () => keepToken(null),
  };
};
