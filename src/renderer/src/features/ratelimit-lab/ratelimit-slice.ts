import type { StateCreator } from 'zustand';
import type { RateLimitClient, RateLimitCounters } from '../../../../common/schemas/ratelimit';
import { api, errorMessage } from '../../api/client';
import type { Store } from '../../store';
import { onLabReset } from '../../store/lab-reset';
import { planGuesses, runGuesses, type AttemptResult, type LoginRoute, type RunPlan } from './brute-force';

/** What the learner sets before a run. */
export interface RunnerSettings extends RunPlan {
  /** The demo account attacked (its real password goes into the word list). */
  account: string;
  route: LoginRoute;
  ratePerSecond: number;
  /** Guesses in the run. */
  count: number;
  /** Where the real password sits in the word list (1-based). */
  position: number;
}

export interface RunnerState {
  running: boolean;
  total: number;
  results: AttemptResult[];
  found: { email: string; password: string; attempt: number; needsMfa: boolean } | null;
  /** When the last long 429 lets the next attempt through (browser time), for the countdown. */
  retryUntil: number | null;
  finished: boolean;
  error: string | null;
}

export interface RateLimitSlice {
  rlSettings: RunnerSettings;
  rlRun: RunnerState;
  rlCounters: RateLimitCounters | null;
  rlClient: RateLimitClient | null;
  rlWords: string[];
  setRunnerSettings: (patch: Partial<RunnerSettings>) => void;
  startRun: () => Promise<void>;
  stopRun: () => void;
  refreshCounters: () => Promise<void>;
  resetCounters: () => Promise<void>;
  /** Moves the lab clock past the failed-login window, so the counters' windows end (the learner's choice). */
  skipWindow: () => Promise<void>;
}

/** The failed-login window, 15 minutes of the lab clock (the server's LOGIN_LIMITS.windowMs). */
export const LOGIN_WINDOW_MS = 15 * 60_000;

const IDLE: RunnerState = {
  running: false,
  total: 0,
  results: [],
  found: null,
  retryUntil: null,
  finished: false,
  error: null,
};

/** The first 2,500-odd words are plenty; a run's list is cut to its count. */
const loadWords = () => api('GET /api/lab/jwt/wordlist').then((r) => r.words);

/** The rate-limit lab: the brute-force runner, the live counters of both limits, and the client address the server sees. */
export const createRateLimitSlice: StateCreator<Store, [], [], RateLimitSlice> = (set, get, store) => {
  // A lab reset cleared every counter: show them as they are now.
  onLabReset(store, () => get().refreshCounters());
  let controller: AbortController | null = null;
  const patchRun = (patch: Partial<RunnerState>) => set({ rlRun: { ...get().rlRun, ...patch } });
  return {
    rlSettings: {
      account: 'user@authlab.test',
      target: 'one',
      ip: 'real',
      source: 'wordlist',
      route: '/api/session/login',
      ratePerSecond: 10,
      count: 40,
      position: 25,
    },
    rlRun: IDLE,
    rlCounters: null,
    rlClient: null,
    rlWords: [],
    setRunnerSettings: (patch) => set({ rlSettings: { ...get().rlSettings, ...patch } }),
    startRun: async () => {
      if (get().rlRun.running) return;
      const settings = get().rlSettings;
      const account = get().accounts.find((a) => a.email === settings.account);
      if (!account) {
        set({ rlRun: { ...IDLE, error: 'Pick a demo account to attack.' } });
        return;
      }
      controller = new AbortController();
      try {
        const words = get().rlWords.length ? get().rlWords : await loadWords();
        set({ rlWords: words });
        const guesses = planGuesses(settings, account, words, settings);
        set({ rlRun: { ...IDLE, running: true, total: guesses.length } });
        let lastPoll = 0;
        await runGuesses(guesses, {
          route: settings.route,
          ratePerSecond: settings.ratePerSecond,
          signal: controller.signal,
          onResult: (result, index) => {
            const run = get().rlRun;
            const long = result.code === 'rate_limited' && result.retryAfterSeconds;
            patchRun({
              results: [...run.results, result],
              found:
                result.outcome === 'found'
                  ? {
                      email: result.guess.email,
                      password: result.guess.password,
                      attempt: index + 1,
                      needsMfa: result.needsMfa,
                    }
                  : run.found,
              retryUntil: long ? Date.now() + result.retryAfterSeconds! * 1000 : run.retryUntil,
            });
            // The counters follow the run about twice a second, not once per request.
            if (Date.now() - lastPoll > 500) {
              lastPoll = Date.now();
              void get().refreshCounters();
            }
          },
        });
      } catch (error) {
        patchRun({ error: errorMessage(error) });
      } finally {
        controller = null;
        patchRun({ running: false, finished: true });
        await get().refreshCounters();
      }
    },
    stopRun: () => controller?.abort(),
    refreshCounters: async () => {
      try {
        const [counters, client] = await Promise.all([
          api('GET /api/lab/ratelimit/counters'),
          api('GET /api/lab/ratelimit/client'),
        ]);
        set({ rlCounters: counters, rlClient: client });
      } catch (error) {
        patchRun({ error: errorMessage(error) });
      }
    },
    skipWindow: async () => {
      await get().advanceClock(LOGIN_WINDOW_MS);
      patchRun({ retryUntil: null });
      await get().refreshCounters();
    },
    resetCounters: async () => {
      await api('POST /api/lab/ratelimit/reset', { body: { scope: 'all' } });
      patchRun({ retryUntil: null });
      await get().refreshCounters();
    },
  };
};
