import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { AttackCatalogue, SelfCheckEvent, WalkthroughAttempt } from '../../../src/common/schemas/attacks';
import { setToggles, useTestLab } from '../helpers';
import { FAKE_LAB, T, T2, eventsOf, eventually, fakeControl, useFakeAttacks } from './fake-lab';

const h = useTestLab();
useFakeAttacks(h);

const catalogue = async () => (await h.call('GET', '/api/lab/attacks')).body as AttackCatalogue;
const statusOf = async (id: string) => (await catalogue()).attacks.find((a) => a.id === id)!.progress.status;
const toggles = async () => (await h.call('GET', '/api/lab/toggles')).body as Record<string, boolean>;
const attempt = async (id = 'fake-walk') =>
  (await h.call('GET', `/api/lab/attacks/${id}/attempt`)).body as WalkthroughAttempt;
const stepDone = (a: WalkthroughAttempt, id: string) => a.steps.find((s) => s.id === id)!.done;

describe('the attack catalogue: bad input gets a 4xx with a stable code', () => {
  const long = 'x'.repeat(16_385);
  it.each([
    ['unknown attack', 'POST', '/api/lab/attacks/no-such-attack/run', { defence: 'on' }, 404, 'unknown_attack'],
    ['bad defence value', 'POST', '/api/lab/attacks/fake-server/run', { defence: 'maybe' }, 400, 'invalid_request'],
    ['no defence at all', 'POST', '/api/lab/attacks/fake-server/run', {}, 400, 'invalid_request'],
    ['a browser-only attack', 'POST', '/api/lab/attacks/fake-browser/run', { defence: 'off' }, 409, 'browser_only'],
    ['a lab with no runner', 'POST', '/api/lab/attacks/fake-no-runner/run', { defence: 'off' }, 409, 'no_runner'],
    ['an attempt at an unknown attack', 'POST', '/api/lab/attacks/nope/attempt', {}, 404, 'unknown_attack'],
    ['an attempt with no walkthrough', 'POST', '/api/lab/attacks/fake-server/attempt', {}, 409, 'no_walkthrough'],
    [
      'a paste on a step checked from traffic',
      'POST',
      '/api/lab/attacks/fake-walk/attempt/paste',
      { step: 'look', value: 'a' },
      400,
      'not_a_paste_step',
    ],
    [
      'a paste on an unknown step',
      'POST',
      '/api/lab/attacks/fake-walk/attempt/paste',
      { step: 'nope', value: 'a' },
      400,
      'unknown_step',
    ],
    [
      'an oversize paste',
      'POST',
      '/api/lab/attacks/fake-walk/attempt/paste',
      { step: 'word', value: long },
      400,
      'invalid_request',
    ],
    ['a self-check with a body', 'POST', '/api/lab/attacks/check-all', { go: true }, 400, 'invalid_request'],
    ['a progress reset with a body', 'POST', '/api/lab/attacks/progress/reset', { all: true }, 400, 'invalid_request'],
  ])('%s', async (_name, method, path, json, status, code) => {
    await h.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
    const res = await h.call(method, path, { json });
    expect([res.status, res.body.error]).toEqual([status, code]);
  });

  it('a cross-site form (not JSON) cannot start the self-check or reset progress', async () => {
    for (const path of ['/api/lab/attacks/check-all', '/api/lab/attacks/progress/reset']) {
      const res = await h.call('POST', path, {
        body: 'a=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect([res.status, res.body.error], path).toEqual([415, 'unsupported_media_type']);
    }
  });

  it('an attempt never started is a 404', async () => {
    await h.call('POST', '/api/lab/attacks/progress/reset', { json: {} });
    const res = await h.call('GET', '/api/lab/attacks/fake-walk/attempt');
    expect([res.status, res.body.error]).toEqual([404, 'no_attempt']);
  });
});

describe('GET /api/lab/attacks', () => {
  it('lists every attack of every lab with its defences, progress and a summary', async () => {
    const view = await catalogue();
    expect(Value.Check(AttackCatalogue, view)).toBe(true);
    const ids = view.attacks.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(FAKE_LAB.attacks.map((a) => a.id)));
    const walk = view.attacks.find((a) => a.id === 'fake-walk')!;
    expect(walk).toMatchObject({ lab: 'ratelimit-lab', runsIn: 'server', hasWalkthrough: true });
    expect(walk.defeats).toEqual([{ toggle: T, label: expect.any(String), on: true }]);
    expect(view.attacks.find((a) => a.id === 'fake-browser')!.runsIn).toBe('browser');
    expect(view.summary.total).toBe(view.attacks.length);
    const perLab = view.summary.perLab.find((l) => l.lab === 'ratelimit-lab')!;
    expect(perLab.total).toBe(FAKE_LAB.attacks.length);
  });
});

describe('POST /api/lab/attacks/:id/run ("Show me")', () => {
  it('with the defence off the attack succeeds; its toggle is back on afterwards; no progress', async () => {
    await h.call('POST', '/api/lab/attacks/progress/reset', { json: {} });
    const res = await h.call('POST', '/api/lab/attacks/fake-server/run', { json: { defence: 'off' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'fake-server', defence: 'off', outcome: 'succeeded' });
    expect(res.body.steps).toEqual(['GET /api/lab/toggles → 200']);
    expect((await toggles())[T]).toBe(true);
    expect(await statusOf('fake-server')).toBe('not-tried');
  });

  it('with the defence on it is blocked, and a toggle that was off before is off again', async () => {
    await setToggles(h, { [T]: false });
    try {
      const res = await h.call('POST', '/api/lab/attacks/fake-server/run', { json: { defence: 'on' } });
      expect(res.body).toMatchObject({ defence: 'on', outcome: 'blocked' });
      expect((await toggles())[T]).toBe(false);
    } finally {
      await setToggles(h, { [T]: true });
    }
  });

  it('puts the lab clock back after a run that moved it', async () => {
    const before = h.lab.context.clock.offsetMs;
    const res = await h.call('POST', '/api/lab/attacks/fake-clock/run', { json: { defence: 'off' } });
    expect(res.body.outcome).toBe('succeeded');
    expect(h.lab.context.clock.offsetMs).toBe(before);
  });

  it('puts back the lab snapshots the self-check puts back: failed-login counters and the JWT key ring', async () => {
    await h.lab.labs.jwt.keys.ensureKeys();
    const jwtKeys = h.lab.labs.jwt.keys;
    const kids = jwtKeys.list().map((k) => k.kid);
    const { loginState, clock } = h.lab.context;
    loginState.bumpFailures('account:learner@example.com', clock.nowMs(), 900_000);
    const failures = () => h.lab.context.db.prepare('SELECT * FROM login_failures ORDER BY key').all();
    const failuresBefore = failures();
    const original = fakeControl.started;
    fakeControl.started = () => {
      loginState.bumpFailures('account:victim@example.com', clock.nowMs(), 900_000);
      return jwtKeys.rotate({ compromised: false, retireAfterMs: 0 });
    };
    try {
      const res = await h.call('POST', '/api/lab/attacks/fake-clock/run', { json: { defence: 'off' } });
      expect(res.body.outcome).toBe('succeeded');
      expect(jwtKeys.list().map((k) => k.kid)).toEqual(kids);
      expect(failures()).toEqual(failuresBefore);
    } finally {
      fakeControl.started = original;
      loginState.clearFailures();
    }
  });
});

describe('a run that does not answer in time', () => {
  it('is told to stop and waited for before the clock goes back, so its late steps do not outlive the run', async () => {
    const { timing } = h.lab.labs.attacks.runs;
    const saved = { ...timing };
    Object.assign(timing, { runMs: 50, graceMs: 5_000 });
    const original = fakeControl.started;
    let sawAbort = false;
    // Ends only once told to stop, a little later; then fake-clock moves the clock an hour.
    fakeControl.started = async (run) => {
      await new Promise((resolve) => run.signal.addEventListener('abort', resolve, { once: true }));
      sawAbort = true;
      await new Promise((resolve) => setTimeout(resolve, 150));
    };
    try {
      const before = h.lab.context.clock.offsetMs;
      const res = await h.call('POST', '/api/lab/attacks/fake-clock/run', { json: { defence: 'off' } });
      expect([res.status, res.body.error]).toEqual([500, 'attack_run_failed']);
      expect(res.body.message).toMatch(/no answer within/);
      expect(sawAbort).toBe(true);
      expect(h.lab.labs.attacks.runs.busy).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(h.lab.context.clock.offsetMs).toBe(before);
      expect((await toggles())[T2]).toBe(true);
    } finally {
      Object.assign(timing, saved);
      fakeControl.started = original;
      await h.call('POST', '/api/lab/clock', { json: { reset: true } });
    }
  });
});

describe('POST /api/lab/attacks/check-all (the self-check)', () => {
  it('streams start, a row per attack and done; restores a toggle that was off, the clock and the JWT keys', async () => {
    await h.lab.labs.jwt.keys.ensureKeys();
    const kids = h.lab.labs.jwt.keys.list().map((k) => k.kid);
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 5000 } });
    await setToggles(h, { [T]: false });
    // A run that rotates the signing key (as a key attack may): the self-check must put the ring back.
    const jwtKeys = h.lab.labs.jwt.keys;
    const original = fakeControl.started;
    // And one that fails logins (as a brute force does): the learner's counters come back as they were.
    const { loginState, clock } = h.lab.context;
    loginState.bumpFailures('account:learner@example.com', clock.nowMs(), 900_000);
    const failures = () => h.lab.context.db.prepare('SELECT * FROM login_failures ORDER BY key').all();
    const failuresBefore = failures();
    fakeControl.started = () => {
      loginState.bumpFailures('account:victim@example.com', clock.nowMs(), 900_000);
      loginState.bumpFailures('account:learner@example.com', clock.nowMs(), 900_000);
      return jwtKeys.rotate({ compromised: false, retireAfterMs: 0 });
    };
    try {
      const res = await h.call('POST', '/api/lab/attacks/check-all', { json: {} });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const events = eventsOf(res.text);
      for (const event of events) expect(Value.Check(SelfCheckEvent, event), JSON.stringify(event)).toBe(true);
      const total = (await catalogue()).attacks.length;
      expect(events[0]).toEqual({ type: 'start', total });
      const rows = events.filter((e): e is Extract<SelfCheckEvent, { type: 'row' }> => e.type === 'row');
      expect(rows).toHaveLength(total);
      expect(rows.map((r) => r.index)).toEqual([...Array(total).keys()]);
      for (const id of ['fake-server', 'fake-clock']) {
        const row = rows.find((r) => r.id === id)!;
        expect(row, id).toMatchObject({ offExploited: true, onBlocked: true, skipped: null });
        expect(row.off).toMatchObject({ defence: 'off', outcome: 'succeeded' });
        expect(row.on).toMatchObject({ defence: 'on', outcome: 'blocked' });
      }
      expect(rows.find((r) => r.id === 'fake-browser')!.skipped).toMatch(/real browser/);
      expect(rows.find((r) => r.id === 'fake-no-runner')).toMatchObject({ off: null, on: null });
      expect(rows.find((r) => r.id === 'fake-no-runner')!.skipped).toMatch(/no server runner/);
      expect(events.at(-1)).toMatchObject({ type: 'done', stopped: false, restored: true });
      expect((await toggles())[T]).toBe(false);
      expect((await toggles())[T2]).toBe(true);
      expect(h.lab.context.clock.offsetMs).toBe(5000);
      expect(jwtKeys.list().map((k) => k.kid)).toEqual(kids);
      expect(failures()).toEqual(failuresBefore);
    } finally {
      fakeControl.started = original;
      loginState.clearFailures();
      await setToggles(h, { [T]: true });
      await h.call('POST', '/api/lab/clock', { json: { reset: true } });
    }
  });

  it('can be stopped; a second one meanwhile is refused; everything is put back', async () => {
    await setToggles(h, { [T2]: false });
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    fakeControl.gate = new Promise<void>((resolve) => (release = resolve));
    fakeControl.started = () => started();
    try {
      const check = h.call('POST', '/api/lab/attacks/check-all', { json: {} });
      await running;
      const second = await h.call('POST', '/api/lab/attacks/check-all', { json: {} });
      expect([second.status, second.body.error]).toEqual([409, 'self_check_running']);
      const run = await h.call('POST', '/api/lab/attacks/fake-server/run', { json: { defence: 'on' } });
      expect([run.status, run.body.error]).toEqual([409, 'self_check_running']);
      expect((await h.call('POST', '/api/lab/attacks/check-all/stop', { json: {} })).body).toEqual({ stopping: true });
      release();
      const events = eventsOf((await check).text);
      expect(events.at(-1)).toMatchObject({ type: 'done', stopped: true, restored: true });
      expect(events.filter((e) => e.type === 'row').length).toBeLessThan((await catalogue()).attacks.length);
      expect((await toggles())[T2]).toBe(false);
      expect((await toggles())[T]).toBe(true);
      expect(h.lab.context.clock.offsetMs).toBe(0);
      expect((await h.call('POST', '/api/lab/attacks/check-all/stop', { json: {} })).body).toEqual({ stopping: false });
    } finally {
      fakeControl.gate = null;
      fakeControl.started = () => {};
      await setToggles(h, { [T2]: true });
    }
  });
});

describe('walkthrough attempts, checked live', () => {
  it('a wrong exchange leaves a step open, the right one turns it done, the goal marks exploited then blocked', async () => {
    await h.call('POST', '/api/lab/attacks/progress/reset', { json: {} });
    await setToggles(h, { [T]: false });
    try {
      const started = await h.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
      expect(started.body).toMatchObject({ attackId: 'fake-walk', defence: 'off', result: null });
      expect(Value.Check(WalkthroughAttempt, started.body)).toBe(true);
      expect(started.body.steps.every((s: { done: boolean }) => !s.done)).toBe(true);

      await h.call('GET', '/api/lab/inbox');
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(stepDone(await attempt(), 'look')).toBe(false);
      await h.call('GET', '/api/lab/accounts');
      const looked = await eventually(attempt, (a) => stepDone(a, 'look'));
      expect(looked.steps[0]).toEqual({ id: 'look', done: true, evidence: 'GET /api/lab/accounts → 200' });

      const wrong = await h.call('POST', '/api/lab/attacks/fake-walk/attempt/paste', {
        json: { step: 'word', value: 'abracadabra' },
      });
      expect(wrong.body.steps[1]).toMatchObject({ done: false, evidence: expect.stringMatching(/does not satisfy/) });
      const right = await h.call('POST', '/api/lab/attacks/fake-walk/attempt/paste', {
        json: { step: 'word', value: 'open sesame' },
      });
      expect(right.body.steps[1]).toMatchObject({ done: true });
      expect(right.body.result).toBeNull();

      await h.call('GET', '/api/lab/toggles');
      const exploited = await eventually(attempt, (a) => a.result !== null);
      expect(exploited.result).toBe('exploited');
      expect(await statusOf('fake-walk')).toBe('exploited');

      // Switching the defence on starts the attempt again, with the defence on.
      await setToggles(h, { [T]: true });
      const again = await attempt();
      expect(again).toMatchObject({ defence: 'on', result: null, note: expect.stringMatching(/switched on/) });
      expect(again.steps.some((s) => s.done)).toBe(false);
      await h.call('POST', '/api/lab/attacks/fake-walk/attempt/paste', {
        json: { step: 'word', value: 'open sesame' },
      });
      await h.call('GET', '/api/lab/toggles');
      expect((await eventually(attempt, (a) => a.result !== null)).result).toBe('blocked');
      const entry = (await catalogue()).attacks.find((a) => a.id === 'fake-walk')!;
      expect(entry.progress).toMatchObject({
        status: 'both',
        exploitedAt: expect.any(String),
        blockedAt: expect.any(String),
      });
      expect((await catalogue()).summary.both).toBeGreaterThanOrEqual(1);
    } finally {
      await setToggles(h, { [T]: true });
    }
  });

  it('the goal with the defence in the wrong state leaves the attempt open and says why', async () => {
    await h.call('POST', '/api/lab/attacks/progress/reset', { json: {} });
    await h.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
    await h.call('POST', '/api/lab/attacks/fake-walk/attempt/paste', { json: { step: 'word', value: 'open sesame' } });
    // The goal says "succeeded" although the defence is on: that is neither exploited nor blocked.
    expect((await h.call('GET', '/api/lab/toggles?claim=in')).status).toBe(200);
    const open = await eventually(attempt, (a) => Boolean(a.note));
    expect(open).toMatchObject({ defence: 'on', result: null, note: expect.stringMatching(/defence was on/) });
    expect(await statusOf('fake-walk')).toBe('not-tried');
  });

  it('"Show me" with an attempt open does not touch the attempt or the progress', async () => {
    await h.call('POST', '/api/lab/attacks/progress/reset', { json: {} });
    await setToggles(h, { [T]: false });
    try {
      await h.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
      await h.call('POST', '/api/lab/attacks/fake-walk/attempt/paste', {
        json: { step: 'word', value: 'open sesame' },
      });
      // The runner reads /api/lab/toggles itself, and flips T on and back: neither is the learner's doing.
      await h.call('POST', '/api/lab/attacks/fake-server/run', { json: { defence: 'on' } });
      await new Promise((resolve) => setTimeout(resolve, 30));
      const after = await attempt();
      expect(after).toMatchObject({ defence: 'off', result: null });
      expect(stepDone(after, 'read')).toBe(false);
      expect(stepDone(after, 'word')).toBe(true);
    } finally {
      await setToggles(h, { [T]: true });
    }
  });

  it('an attempt cannot start while a run flips the toggles; a toggle changed meanwhile restarts it after', async () => {
    await h.call('POST', '/api/lab/attacks/progress/reset', { json: {} });
    await h.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    fakeControl.gate = new Promise<void>((resolve) => (release = resolve));
    fakeControl.started = () => started();
    try {
      const run = h.call('POST', '/api/lab/attacks/fake-clock/run', { json: { defence: 'off' } });
      await running;
      const busy = await h.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
      expect([busy.status, busy.body.error]).toEqual([409, 'attack_run_busy']);
      // The learner switches fake-walk's defence off while the run is under way: not seen then.
      await setToggles(h, { [T]: false });
      expect((await attempt()).defence).toBe('on');
      release();
      expect((await run).status).toBe(200);
      expect(await attempt()).toMatchObject({ defence: 'off', note: expect.stringMatching(/switched off/) });
    } finally {
      fakeControl.gate = null;
      fakeControl.started = () => {};
      await setToggles(h, { [T]: true });
    }
  });
});
