import type { StateCreator } from 'zustand';
import { ApiError, errorMessage } from '../../api/client';
import type { Store } from '../../store';
import { call, callOk } from './mfa-http';
import type { BruteForceProgress, MfaSetup, MfaStatus } from './types';

export interface TransferResult {
  ok: boolean;
  message: string;
}

export interface MfaSlice {
  /** The signed-in user's MFA state, or null when no session is signed in. */
  mfaStatus: MfaStatus | null;
  /** The session's CSRF token, held in memory only. */
  mfaCsrf: string | null;
  mfaTicket: string | null;
  mfaSetup: MfaSetup | null;
  /** Shown once, right after they are made; gone on the next page load. */
  mfaRecoveryCodes: string[] | null;
  mfaError: string | null;
  mfaNotice: string | null;
  mfaBusy: boolean;
  /** Set by an MFA change: the page then offers to end the account's other sessions. */
  mfaChanged: boolean;
  /** The brute-force attack's live counter (the attack card shows only a progress bar). */
  bruteProgress: BruteForceProgress | null;
  refreshMfa: () => Promise<void>;
  mfaLogin: (email: string, password: string) => Promise<void>;
  mfaLoginCode: (code: string) => Promise<void>;
  mfaLogout: () => Promise<void>;
  startMfaSetup: () => Promise<void>;
  verifyMfaSetup: (code: string) => Promise<void>;
  regenerateRecoveryCodes: (code: string) => Promise<void>;
  disableMfa: (password: string, code: string) => Promise<void>;
  stepUp: (proof: { password: string } | { code: string }) => Promise<void>;
  sendTransfer: (to: string, amount: number) => Promise<TransferResult>;
  endOtherSessions: () => Promise<void>;
}

/** The session cookie is shared with the session lab: its CSRF token is refetched after a login or logout here. */
const sessionChanged = { csrfToken: null, pendingMfaTicket: null };

/** The MFA lab: sign in (with the second step), enroll, recovery codes, step-up, and the four attacks. */
export const createMfaSlice: StateCreator<Store, [], [], MfaSlice> = (set, get) => {
  const csrf = () => ({ csrf: get().mfaCsrf });
  const guarded = async (work: () => Promise<void>) => {
    set({ mfaBusy: true, mfaError: null, mfaNotice: null });
    try {
      await work();
    } catch (error) {
      set({ mfaError: errorMessage(error) });
    } finally {
      set({ mfaBusy: false });
      await get().refreshMfa();
    }
  };
  return {
    mfaStatus: null,
    mfaCsrf: null,
    mfaTicket: null,
    mfaSetup: null,
    mfaRecoveryCodes: null,
    mfaError: null,
    mfaNotice: null,
    mfaBusy: false,
    mfaChanged: false,
    bruteProgress: null,
    refreshMfa: async () => {
      const status = await call<MfaStatus>('GET', '/api/mfa/status');
      if (status.status !== 200) {
        set({ mfaStatus: null, mfaCsrf: null, mfaSetup: null });
        return;
      }
      // The session lab may have signed in or out since: ask for this session's token every time.
      if (status.body.via === 'session') {
        const token = await call<{ csrfToken: string }>('GET', '/api/session/csrf');
        if (token.status === 200) set({ mfaCsrf: token.body.csrfToken });
      }
      set({ mfaStatus: status.body, ...(status.body.enabled ? { mfaSetup: null } : {}) });
    },
    mfaLogin: (email, password) =>
      guarded(async () => {
        const result = await callOk<{ requiresMfa?: boolean; mfaTicket?: string; csrfToken?: string }>(
          'POST',
          '/api/session/login',
          { email, password },
        );
        if (result.requiresMfa) set({ mfaTicket: result.mfaTicket ?? null });
        else set({ mfaCsrf: result.csrfToken ?? null, mfaTicket: null, ...sessionChanged });
      }),
    mfaLoginCode: (code) =>
      guarded(async () => {
        try {
          const result = await callOk<{ csrfToken: string }>('POST', '/api/session/login/mfa', {
            mfaTicket: get().mfaTicket,
            code: code.trim(),
          });
          set({ mfaCsrf: result.csrfToken, mfaTicket: null, ...sessionChanged });
        } catch (error) {
          // A dead ticket cannot be retried: back to the password step.
          if (error instanceof ApiError && error.code === 'mfa_ticket_invalid') set({ mfaTicket: null });
          throw error;
        }
      }),
    mfaLogout: () =>
      guarded(async () => {
        await call('POST', '/api/session/logout', {}, csrf());
        set({
          mfaCsrf: null,
          mfaTicket: null,
          mfaSetup: null,
          mfaRecoveryCodes: null,
          mfaChanged: false,
          ...sessionChanged,
        });
      }),
    startMfaSetup: () =>
      guarded(async () => {
        set({ mfaSetup: await callOk<MfaSetup>('POST', '/api/mfa/setup', {}, csrf()), mfaRecoveryCodes: null });
      }),
    verifyMfaSetup: (code) =>
      guarded(async () => {
        const { recoveryCodes } = await callOk<{ recoveryCodes: string[] }>(
          'POST',
          '/api/mfa/verify',
          { code: code.trim() },
          csrf(),
        );
        set({
          mfaRecoveryCodes: recoveryCodes,
          mfaChanged: true,
          mfaNotice: 'MFA is on. Save your recovery codes now: they are shown once.',
        });
      }),
    regenerateRecoveryCodes: (code) =>
      guarded(async () => {
        const { recoveryCodes } = await callOk<{ recoveryCodes: string[] }>(
          'POST',
          '/api/mfa/recovery-codes',
          { code: code.trim() },
          csrf(),
        );
        set({
          mfaRecoveryCodes: recoveryCodes,
          mfaChanged: true,
          mfaNotice: 'A new set of recovery codes: the old ones no longer work.',
        });
      }),
    disableMfa: (password, code) =>
      guarded(async () => {
        await callOk('POST', '/api/mfa/disable', { password, code: code.trim() }, csrf());
        set({ mfaRecoveryCodes: null, mfaChanged: true, mfaNotice: 'MFA is off.' });
      }),
    stepUp: (proof) =>
      guarded(async () => {
        const result = await callOk<{ validUntil: string }>('POST', '/api/auth/step-up', proof, csrf());
        set({
          mfaNotice: `Stepped up: sensitive actions are allowed until ${new Date(result.validUntil).toLocaleTimeString()} (lab clock).`,
        });
      }),
    sendTransfer: async (to, amount) => {
      const result = await call<{ error?: string; message?: string }>(
        'POST',
        '/api/bank/transfer',
        { to, amount },
        csrf(),
      );
      await get().refreshMfa();
      return result.status === 200
        ? { ok: true, message: `Sent ${amount} to ${to}.` }
        : { ok: false, message: `${result.status} ${result.body.error}: ${result.body.message}` };
    },
    endOtherSessions: () =>
      guarded(async () => {
        const { ended } = await callOk<{ ended: number }>('POST', '/api/mfa/end-other-sessions', {}, csrf());
        set({ mfaChanged: false, mfaNotice: `Ended ${ended} other session${ended === 1 ? '' : 's'}.` });
      }),
  };
};
