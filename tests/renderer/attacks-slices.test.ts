import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { create, type StoreApi } from 'zustand';
import type { WalkthroughAttempt } from '../../src/common/schemas/attacks';
import { createAttacksSlice } from '../../src/renderer/src/features/attacks/attacks-slice';
import { createSelfCheckSlice } from '../../src/renderer/src/features/attacks/self-check-slice';
import { createWalkthroughSlice } from '../../src/renderer/src/features/attacks/walkthrough-slice';
import type { Store } from '../../src/renderer/src/store';
import { catalogueOf, entry } from './catalogue-fixtures';

// The lab pages' runners, as the self-check finds them: one browser-only attack that works only while its toggle is off.
vi.mock('../../src/renderer/src/features/attacks/page-runners', () => ({
  runInPage: async (get: () => Store, id: string) => {
    if (id !== 'theft') throw new Error('This attack has no runner in the page.');
    const toggles: Record<string, boolean> = get().meta!.toggles;
    return { succeeded: toggles['session.httpOnly'] === false, summary: 'read document.cookie', steps: [] };
  },
}));

const CATALOGUE = catalogueOf([
  entry('csrf'),
  entry('theft', { runsIn: 'browser', defeats: [{ toggle: 'session.httpOnly', label: 'HttpOnly', on: true }] }),
]);

/** The server's answers, by request line; a function gets the parsed body. */
type Route = (body: unknown) => { status?: number; json?: unknown; text?: string };
let routes: Record<string, Route> = {};
const calls: string[] = [];

function serve() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit) => {
      const line = `${init.method} ${path}`;
      calls.push(line);
      const route = routes[line];
      if (!route) return new Response(JSON.stringify({ error: 'not_found', message: line }), { status: 404 });
      const answer = route(init.body ? JSON.parse(String(init.body)) : undefined);
      return new Response(answer.text ?? JSON.stringify(answer.json), { status: answer.status ?? 200 });
    }),
  );
}

/** The catalogue's three slices with the parts of the lab slice and attack slice they call. */
function storeWith(toggles: Record<string, boolean>): StoreApi<Store> {
  return create<Store>()(
    (set, get, api) =>
      ({
        meta: { toggles: { ...toggles } },
        setToggles: async (changes: Record<string, boolean>) =>
          set({ meta: { ...get().meta!, toggles: { ...get().meta!.toggles, ...changes } } }),
        ...createAttacksSlice(set, get, api),
        ...createWalkthroughSlice(set, get, api),
        ...createSelfCheckSlice(set, get, api),
      }) as unknown as Store,
  );
}

const attempt = (patch: Partial<WalkthroughAttempt>): WalkthroughAttempt => ({
  attackId: 'csrf',
  startedAt: '2026-01-01T00:00:00Z',
  defence: 'off',
  steps: [
    { id: 'forge', done: false, evidence: null },
    { id: 'submit', done: false, evidence: null },
  ],
  result: null,
  ...patch,
});

beforeEach(() => {
  routes = { 'GET /api/lab/attacks': () => ({ json: CATALOGUE }) };
  calls.length = 0;
  serve();
});
afterEach(() => vi.unstubAllGlobals());

describe('the walkthrough slice', () => {
  it('starts an attempt, follows the steps the server saw, and moves the status when the goal is reached', async () => {
    const store = storeWith({ 'session.csrfToken': false });
    await store.getState().loadCatalogue();
    routes['POST /api/lab/attacks/csrf/attempt'] = () => ({ json: attempt({}) });
    await store.getState().startAttempt('csrf');
    expect(store.getState().attempt?.steps.every((s) => !s.done)).toBe(true);

    const seen = attempt({
      steps: [
        { id: 'forge', done: true, evidence: 'POST /evil → 200' },
        { id: 'submit', done: false, evidence: null },
      ],
    });
    routes['GET /api/lab/attacks/csrf/attempt'] = () => ({ json: seen });
    await store.getState().refreshAttempt();
    expect(store.getState().attempt?.steps[0]).toEqual({ id: 'forge', done: true, evidence: 'POST /evil → 200' });

    // The goal: the catalogue is read again, and the entry is exploited even before that answer.
    routes['GET /api/lab/attacks/csrf/attempt'] = () => ({ json: { ...seen, result: 'exploited' } });
    routes['GET /api/lab/attacks'] = () => ({ json: CATALOGUE });
    await store.getState().refreshAttempt();
    expect(store.getState().attempt?.result).toBe('exploited');
    expect(calls.filter((c) => c === 'GET /api/lab/attacks')).toHaveLength(2);
  });

  it('sends a pasted value to the server and shows why a wrong one was refused, leaving the step open', async () => {
    const store = storeWith({});
    routes['POST /api/lab/attacks/csrf/attempt'] = () => ({ json: attempt({}) });
    await store.getState().startAttempt('csrf');
    let pasted: unknown;
    routes['POST /api/lab/attacks/csrf/attempt/paste'] = (body) => {
      pasted = body;
      return {
        json: attempt({
          steps: [
            { id: 'forge', done: false, evidence: 'That is not a session id.' },
            { id: 'submit', done: false, evidence: null },
          ],
        }),
      };
    };
    await store.getState().pasteAnswer('forge', 'nope');
    expect(pasted).toEqual({ step: 'forge', value: 'nope' });
    expect(store.getState().attempt?.steps[0]).toEqual({
      id: 'forge',
      done: false,
      evidence: 'That is not a session id.',
    });
  });

  it('drops a late answer for an attempt the learner already closed', async () => {
    const store = storeWith({});
    let release: () => void = () => undefined;
    routes['POST /api/lab/attacks/csrf/attempt'] = () => ({ json: attempt({}) });
    const slowFetch = vi.fn(
      () => new Promise<Response>((resolve) => (release = () => resolve(new Response(JSON.stringify(attempt({})))))),
    );
    vi.stubGlobal('fetch', slowFetch);
    const started = store.getState().startAttempt('csrf');
    store.getState().closeAttempt();
    release();
    await started;
    expect(store.getState().attempt).toBeNull();
  });
});

describe('the self-check slice', () => {
  it('fills the matrix from the stream, runs the browser-only row in the page, and puts its toggle back', async () => {
    const store = storeWith({ 'session.httpOnly': true, 'session.csrfToken': false });
    await store.getState().loadCatalogue();
    const lines = [
      { type: 'start', total: 2 },
      { type: 'row', index: 0, id: 'csrf', offExploited: true, onBlocked: true, skipped: null, off: null, on: null },
      {
        type: 'row',
        index: 1,
        id: 'theft',
        offExploited: false,
        onBlocked: false,
        skipped: 'Runs in the browser only.',
        off: null,
        on: null,
      },
      { type: 'done', stopped: false, restored: true, durationMs: 1200 },
    ];
    routes['POST /api/lab/attacks/check-all'] = () => ({ text: lines.map((l) => JSON.stringify(l)).join('\n') + '\n' });
    routes['POST /api/lab/attacks/theft/page-run'] = () => ({ json: { lease: 'L1', expiresInMs: 60_000 } });
    routes['POST /api/lab/attacks/page-run/L1/end'] = () => ({ json: { ended: true } });
    await store.getState().runSelfCheck();
    // The page's own runs go under a lease, so the server credits no walkthrough attempt with them.
    const leased = calls.filter((c) => /page-run/.test(c));
    expect(leased).toEqual(['POST /api/lab/attacks/theft/page-run', 'POST /api/lab/attacks/page-run/L1/end']);
    const check = store.getState().selfCheck;
    expect(check.running).toBe(false);
    expect(check.rows.map((r) => [r.id, r.ranIn, r.offExploited, r.onBlocked, r.skipped])).toEqual([
      ['csrf', 'server', true, true, null],
      ['theft', 'browser', true, true, null],
    ]);
    // Only the row's own toggle was switched, and it is back as it was; the other one was never touched.
    expect(store.getState().meta?.toggles).toEqual({ 'session.httpOnly': true, 'session.csrfToken': false });
  });

  it('asks the server to stop', async () => {
    const store = storeWith({});
    routes['POST /api/lab/attacks/check-all/stop'] = () => ({ json: { stopping: true } });
    await store.getState().stopSelfCheck();
    expect(calls).toContain('POST /api/lab/attacks/check-all/stop');
    expect(store.getState().selfCheck.error).toBeNull();
  });
});
