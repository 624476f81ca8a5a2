import type { StateCreator } from 'zustand';
import { ApiError, answerOf, api, errorMessage } from '../../api/client';
import type { Store } from '../../store';
import { onLabReset } from '../../store/lab-reset';
import type { BruteForceProgress, MfaSetup, MfaStatus } from './types';

export interface TransferResult {
  ok: boolean;
  message: string;
}

export interface MfaSlice {
  /** The signed-in user's MFA state, or null when no session is signed in. */
  mfaStatus: MfaStatus | null;
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
  /** Secrets the learner turned MFA on with in this lab, by account email: the built-in authenticator keeps them all. */
  mfaEnrolledSecrets: Record<string, string>;
  /** The account the built-in authenticator shows codes for; null while a setup is pending or none was picked. */
  authenticatorEmail: string | null;
  /** The enrolment step the server refused with step_up_required: the page asks for the password, then retries it. */
  mfaStepUpFor: 'setup' | 'verify' | null;
  chooseAuthenticatorAccount: (email: string | null) => void;
  refreshMfa: () => Promise<void>;
  mfaLogin: (email: string, password: string) => Promise<void>;
  mfaLoginCode: (code: string) => Promise<void>;
  mfaLogout: () => Promise<void>;
  /** Leaves the code step: back to the password step (the server lets the ticket expire). */
  mfaCancelLogin: () => void;
  startMfaSetup: () => Promise<void>;
  verifyMfaSetup: (code: string) => Promise<void>;
  regenerateRecoveryCodes: (code: string) => Promise<void>;
  disableMfa: (password: string, code: string) => Promise<void>;
  stepUp: (proof: { password: string } | { code: string }) => Promise<void>;
  /** The password again, asked for by an enrolment step: clears mfaStepUpFor once the server accepts it. */
  confirmStepUp: (password: string) => Promise<void>;
  sendTransfer: (to: string, amount: number) => Promise<TransferResult>;
  endOtherSessions: () => Promise<void>;
}

type Set = Parameters<StateCreator<Store, [], [], MfaSlice>>[0];
type Get = () => Store;
type SignIn = Pick<MfaSlice, 'mfaLogin' | 'mfaLoginCode' | 'mfaLogout' | 'mfaCancelLogin'>;
type Enrolment = Pick<
  MfaSlice,
  | 'startMfaSetup'
  | 'verifyMfaSetup'
  | 'regenerateRecoveryCodes'
  | 'disableMfa'
  | 'stepUp'
  | 'confirmStepUp'
  | 'endOtherSessions'
>;

/** Runs one of the page's actions: busy while it runs, its failure shown, the status asked again after. */
const guardedBy = (set: Set, get: Get) => async (work: () => Promise<void>) => {
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

/**
 * Sign-in and sign-out on the session cookie the session lab owns: the
 * session slice keeps its CSRF token, this page only tells it what changed.
 * The login calls send no CSRF token, as no session is signed in yet.
 */
function signIn(set: Set, get: Get): SignIn {
  const guarded = guardedBy(set, get);
  return {
    mfaLogin: (email, password) =>
      guarded(async () => {
        const result = await api('POST /api/session/login', { body: { email, password }, csrf: null });
        // The authenticator follows the account now asked for its code.
        if (result.requiresMfa) set({ mfaTicket: result.mfaTicket ?? null, authenticatorEmail: email });
        else {
          set({ mfaTicket: null });
          get().sessionSignedIn(result.csrfToken ?? null);
        }
      }),
    mfaLoginCode: (code) =>
      guarded(async () => {
        try {
          const result = await api('POST /api/session/login/mfa', {
            body: { mfaTicket: get().mfaTicket ?? '', code: code.trim() },
            csrf: null,
          });
          set({ mfaTicket: null });
          get().sessionSignedIn(result.csrfToken ?? null);
        } catch (error) {
          // A dead ticket cannot be retried: back to the password step.
          if (error instanceof ApiError && error.code === 'mfa_ticket_invalid') set({ mfaTicket: null });
          throw error;
        }
      }),
    mfaLogout: () =>
      guarded(async () => {
        await answerOf('POST /api/session/logout');
        set({ mfaTicket: null, mfaSetup: null, mfaRecoveryCodes: null, mfaChanged: false, mfaStepUpFor: null });
        get().sessionSignedOut();
      }),
    mfaCancelLogin: () => set({ mfaTicket: null, mfaError: null, mfaNotice: null }),
  };
}

/**
 * Adding an authenticator needs a recent sign-in (the server says step_up_required past 5
 * minutes): the step is not an error then, the page asks for the password and tries again.
 */
const unlessStepUpNeeded = (set: Set) => async (step: 'setup' | 'verify', work: () => Promise<void>) => {
  try {
    await work();
    set({ mfaStepUpFor: null });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'step_up_required') set({ mfaStepUpFor: step });
    else throw error;
  }
};

/** Turns MFA on with the code from the app: the recovery codes come back once. */
async function verifyWith(set: Set, get: Get, code: string): Promise<void> {
  const { recoveryCodes } = await api('POST /api/mfa/verify', { body: { code: code.trim() } });
  const email = get().mfaStatus?.email;
  const secret = get().mfaSetup?.secret;
  set({
    mfaRecoveryCodes: recoveryCodes,
    mfaChanged: true,
    mfaNotice: 'MFA is on. Save your recovery codes now: they are shown once.',
    ...(email && secret
      ? { mfaEnrolledSecrets: { ...get().mfaEnrolledSecrets, [email]: secret }, authenticatorEmail: email }
      : {}),
  });
  // The account picker marks the account "MFA" now, not after a reload.
  await get().loadLab();
}

/** Enrolment, recovery codes, step-up and ending other sessions: each sends the session's CSRF token. */
function enrolment(set: Set, get: Get): Enrolment {
  const guarded = guardedBy(set, get);
  const enrolmentStep = unlessStepUpNeeded(set);
  return {
    startMfaSetup: () =>
      guarded(() =>
        enrolmentStep('setup', async () =>
          set({
            mfaSetup: await api('POST /api/mfa/setup', { body: {} }),
            mfaRecoveryCodes: null,
            authenticatorEmail: null,
          }),
        ),
      ),
    verifyMfaSetup: (code) => guarded(() => enrolmentStep('verify', () => verifyWith(set, get, code))),
    regenerateRecoveryCodes: (code) =>
      guarded(async () => {
        const { recoveryCodes } = await api('POST /api/mfa/recovery-codes', { body: { code: code.trim() } });
        set({
          mfaRecoveryCodes: recoveryCodes,
          mfaChanged: true,
          mfaNotice: 'A new set of recovery codes: the old ones no longer work.',
        });
      }),
    disableMfa: (password, code) =>
      guarded(async () => {
        await api('POST /api/mfa/disable', { body: { password, code: code.trim() } });
        const { [get().mfaStatus?.email ?? '']: _gone, ...kept } = get().mfaEnrolledSecrets;
        set({ mfaRecoveryCodes: null, mfaChanged: true, mfaNotice: 'MFA is off.', mfaEnrolledSecrets: kept });
        await get().loadLab();
      }),
    confirmStepUp: (password) =>
      guarded(async () => {
        await api('POST /api/auth/step-up', { body: { password } });
        set({ mfaStepUpFor: null });
      }),
    stepUp: (proof) =>
      guarded(async () => {
        const result = await api('POST /api/auth/step-up', { body: proof });
        set({
          mfaNotice: `Stepped up: sensitive actions are allowed until ${new Date(result.validUntil).toLocaleTimeString()} (lab clock).`,
        });
      }),
    endOtherSessions: () =>
      guarded(async () => {
        const { ended } = await api('POST /api/mfa/end-other-sessions', { body: {} });
        set({ mfaChanged: false, mfaNotice: `Ended ${ended} other session${ended === 1 ? '' : 's'}.` });
      }),
  };
}

/** The MFA lab: sign in (with the second step), enroll, recovery codes, step-up, and the four attacks. */
export const createMfaSlice: StateCreator<Store, [], [], MfaSlice> = (set, get, store) => {
  // A lab reset ended every session and every half-finished login.
  onLabReset(store, async () => {
    set({
      mfaTicket: null,
      mfaSetup: null,
      mfaRecoveryCodes: null,
      mfaError: null,
      mfaNotice: null,
      mfaChanged: false,
      mfaStepUpFor: null,
      bruteProgress: null,
    });
    await get().refreshMfa();
  });
  return {
    mfaStatus: null,
    mfaTicket: null,
    mfaSetup: null,
    mfaRecoveryCodes: null,
    mfaError: null,
    mfaNotice: null,
    mfaBusy: false,
    mfaChanged: false,
    bruteProgress: null,
    mfaEnrolledSecrets: {},
    authenticatorEmail: null,
    mfaStepUpFor: null,
    chooseAuthenticatorAccount: (email) => set({ authenticatorEmail: email }),
    refreshMfa: async () => {
      // Ask for the MFA status only of a live signed-in session, as the session lab does for "who am I":
      // signed out, the 401 is the expected answer, but the browser logs it as a failure.
      const report = await api('GET /api/lab/session/cookie');
      const signedIn = report.cookie.signatureValid && report.session?.status === 'live' && report.session.user;
      const status = signedIn ? await answerOf('GET /api/mfa/status') : null;
      if (status?.status !== 200) {
        set({ mfaStatus: null, mfaSetup: null });
        return;
      }
      // The session lab may have signed in or out since: ask for this session's token every time.
      if (status.body.via === 'session')
        await get()
          .loadCsrfToken()
          .catch(() => undefined);
      set({ mfaStatus: status.body, ...(status.body.enabled ? { mfaSetup: null } : {}) });
    },
    ...signIn(set, get),
    ...enrolment(set, get),
    sendTransfer: async (to, amount) => {
      const result = await answerOf('POST /api/bank/transfer', { body: { to, amount } });
      await get().refreshMfa();
      return result.status === 200
        ? { ok: true, message: `Sent ${amount} to ${to}.` }
        : { ok: false, message: `${result.status} ${result.body.error}: ${result.body.message}` };
    },
  };
};
