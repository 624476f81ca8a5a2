import type { StateCreator } from 'zustand';
import {
  crackHs256Secret,
  decodeToken,
  keyKindForAlg,
  type CrackProgress,
  type KeyKind,
} from '../../../../common/jwt-inspect';
import { api, errorMessage, exchange } from '../../api/client';
import type { Store } from '../../store';

export interface CrackState {
  running: boolean;
  progress: CrackProgress | null;
  /** undefined: not finished; null: no word matched. */
  secret?: string | null;
  error?: string;
}

export interface InspectorSlice {
  /** The token in the inspector; any page can send one here. Kept in memory only. */
  inspectorToken: string;
  /**
   * Counts the tokens loaded (paste, lab token, sample). An edit of header or
   * payload keeps it, so what belongs to one token (expected iss/aud, the
   * editors' text) starts afresh for the next token only.
   */
  inspectorTokenVersion: number;
  /** Where the token came from, when the inspector loaded it itself (a sample, your lab token). */
  inspectorTokenNote: string | null;
  /** The verification key: its kind follows the token's alg; the text stays until the learner changes it. */
  inspectorKeyKind: KeyKind;
  inspectorKeyText: string;
  inspectorJwks: string;
  inspectorCrack: CrackState;
  setInspectorToken: (token: string, note?: string) => void;
  /** A live edit of the current token (header or payload changed, maybe re-signed). */
  editInspectorToken: (token: string) => void;
  setInspectorKeyKind: (kind: KeyKind) => void;
  setInspectorKeyText: (text: string) => void;
  setInspectorJwks: (json: string) => void;
  /** Loads an issuer's JWKS (the JWT lab's unless told) into the inspector and returns its text ('' on failure). */
  loadLabJwks: (issuer?: 'jwt-lab' | 'lab-id') => Promise<string>;
  crackInspectorToken: () => Promise<void>;
  cancelCrack: () => void;
  /** The last forged token sent to the lab API, and the answer. */
  inspectorTry: { path: string; status: number; body: unknown } | null;
  tryTokenOnLab: (path: '/api/jwt/me' | '/api/jwt/admin', token: string) => Promise<void>;
}

let crackAbort: AbortController | null = null;

/** Fetches for the token inspector (the lab's JWKS, the cracking word list): same origin only, as the CSP demands. */
export const createInspectorSlice: StateCreator<Store, [], [], InspectorSlice> = (set, get) => ({
  inspectorToken: '',
  inspectorTokenVersion: 0,
  inspectorTokenNote: null,
  inspectorKeyKind: 'jwks',
  inspectorKeyText: '',
  inspectorJwks: '',
  inspectorCrack: { running: false, progress: null },
  setInspectorToken: (token, note) => {
    crackAbort?.abort();
    const decoded = decodeToken(token);
    set({
      inspectorToken: token,
      inspectorTokenVersion: get().inspectorTokenVersion + 1,
      inspectorTokenNote: note ?? null,
      inspectorKeyKind: decoded.ok
        ? keyKindForAlg(decoded.token.header.alg, get().inspectorKeyKind)
        : get().inspectorKeyKind,
      inspectorCrack: { running: false, progress: null },
      inspectorTry: null,
    });
  },
  editInspectorToken: (token) => {
    crackAbort?.abort();
    set({ inspectorToken: token, inspectorCrack: { running: false, progress: null }, inspectorTry: null });
  },
  setInspectorKeyKind: (kind) => set({ inspectorKeyKind: kind }),
  setInspectorKeyText: (text) => set({ inspectorKeyText: text }),
  setInspectorJwks: (json) => set({ inspectorJwks: json }),
  loadLabJwks: async (issuer = 'jwt-lab') => {
    try {
      // Lab ID's /jwks is on another origin, which the CSP keeps this page from reading: the lab helper serves the same keys.
      const res = await exchange(issuer === 'lab-id' ? 'GET /api/lab/oauth/jwks' : 'GET /.well-known/jwks.json');
      const text = JSON.stringify(res.body, null, 2);
      set({ inspectorJwks: text });
      return text;
    } catch (error) {
      set({ inspectorJwks: '', inspectorCrack: { ...get().inspectorCrack, error: errorMessage(error) } });
      return '';
    }
  },
  crackInspectorToken: async () => {
    crackAbort?.abort();
    crackAbort = new AbortController();
    const signal = crackAbort.signal;
    set({ inspectorCrack: { running: true, progress: null } });
    try {
      const { words } = await api('GET /api/lab/jwt/wordlist');
      const secret = await crackHs256Secret(
        get()
          .inspectorToken.trim()
          .replace(/^Bearer\s+/i, ''),
        words,
        {
          signal,
          onProgress: (progress) => set({ inspectorCrack: { running: true, progress } }),
        },
      );
      if (!signal.aborted) set({ inspectorCrack: { running: false, progress: get().inspectorCrack.progress, secret } });
    } catch (error) {
      set({ inspectorCrack: { running: false, progress: null, error: errorMessage(error) } });
    }
  },
  inspectorTry: null,
  tryTokenOnLab: async (path, token) => {
    try {
      set({ inspectorTry: { path, ...(await exchange(`GET ${path}`, { token })) } });
    } catch (error) {
      set({ inspectorTry: { path, status: 0, body: errorMessage(error) } });
    }
  },
  cancelCrack: () => {
    crackAbort?.abort();
    set({ inspectorCrack: { running: false, progress: get().inspectorCrack.progress } });
  },
});
