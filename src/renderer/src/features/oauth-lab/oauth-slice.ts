import type { StateCreator } from 'zustand';
import { api, errorMessage } from '../../api/client';
import type { Store } from '../../store';
import { onLabReset } from '../../store/lab-reset';
import type { CodeFlowRun, HttpAnswer, OAuthClientsView } from '../../../../common/schemas/oauth';

type OAuthTask = 'flow' | 'refresh' | 'client-credentials' | 'device';

/** The OAuth lab's own slice: the demo clients, the last real run and the grant runs (attacks use the shared attack slice). */
export interface OAuthSlice {
  oauthClients: OAuthClientsView | null;
  oauthFlow: CodeFlowRun | null;
  oauthRefreshRuns: Array<{ usedToken: string; answer: HttpAnswer }>;
  oauthClientCredentials: { token: HttpAnswer; api: HttpAnswer } | null;
  oauthDevice: { start: HttpAnswer; polls: HttpAnswer[] } | null;
  oauthBusy: OAuthTask | null;
  oauthError: string | null;
  loadOAuthClients: () => Promise<void>;
  /** Runs the code flow as a demo account (user@authlab.test unless another is named). */
  runOAuthFlow: (email?: string) => Promise<void>;
  /** Clears the failed-login counters (the rate-limit lab's), then runs the flow again as the same account. */
  resetCountersAndRunOAuthFlow: () => Promise<void>;
  runOAuthRefresh: (refreshToken: string) => Promise<void>;
  runOAuthClientCredentials: () => Promise<void>;
  startOAuthDevice: () => Promise<void>;
  pollOAuthDevice: () => Promise<void>;
}

export const createOAuthSlice: StateCreator<Store, [], [], OAuthSlice> = (set, get, store) => {
  // A lab reset revoked every grant and token: the runs on the page show a lab that is gone.
  onLabReset(store, () =>
    set({ oauthFlow: null, oauthRefreshRuns: [], oauthClientCredentials: null, oauthDevice: null, oauthError: null }),
  );
  /** Runs one task at a time and turns a failure into a message on the page. */
  async function task(name: OAuthTask, work: () => Promise<void>) {
    set({ oauthBusy: name, oauthError: null });
    try {
      await work();
    } catch (error) {
      set({ oauthError: errorMessage(error) });
    } finally {
      set({ oauthBusy: null });
    }
  }
  return {
    oauthClients: null,
    oauthFlow: null,
    oauthRefreshRuns: [],
    oauthClientCredentials: null,
    oauthDevice: null,
    oauthBusy: null,
    oauthError: null,
    loadOAuthClients: async () => {
      try {
        set({ oauthClients: await api('GET /api/lab/oauth/clients') });
      } catch (error) {
        set({ oauthError: errorMessage(error) });
      }
    },
    runOAuthFlow: (email) =>
      task('flow', async () => {
        const body = email ? { email } : {};
        set({ oauthFlow: await api('POST /api/lab/oauth/run/code-flow', { body }), oauthRefreshRuns: [] });
      }),
    resetCountersAndRunOAuthFlow: () =>
      task('flow', async () => {
        const email = get().oauthFlow?.account;
        await api('POST /api/lab/ratelimit/reset', { body: { scope: 'login' } });
        set({ oauthFlow: await api('POST /api/lab/oauth/run/code-flow', { body: { email } }), oauthRefreshRuns: [] });
      }),
    runOAuthRefresh: (refreshToken) =>
      task('refresh', async () => {
        const answer = await api('POST /api/lab/oauth/run/refresh', { body: { refresh_token: refreshToken } });
        set({ oauthRefreshRuns: [...get().oauthRefreshRuns, { usedToken: refreshToken, answer }] });
      }),
    runOAuthClientCredentials: () =>
      task('client-credentials', async () => {
        set({ oauthClientCredentials: await api('POST /api/lab/oauth/run/client-credentials') });
      }),
    startOAuthDevice: () =>
      task('device', async () => {
        set({ oauthDevice: { start: await api('POST /api/lab/oauth/run/device'), polls: [] } });
      }),
    pollOAuthDevice: () =>
      task('device', async () => {
        const device = get().oauthDevice;
        const deviceCode = device?.start.body?.device_code;
        if (!device || typeof deviceCode !== 'string') return;
        const answer = await api('POST /api/lab/oauth/run/device/poll', { body: { device_code: deviceCode } });
        set({ oauthDevice: { ...device, polls: [...device.polls, answer] } });
      }),
  };
};
