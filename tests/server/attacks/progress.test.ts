import { afterEach, describe, expect, it } from 'vitest';
import type { AttackCatalogue, WalkthroughAttempt } from '../../../src/common/schemas/attacks';
import { setToggles, startTestLab, type LabHarness } from '../helpers';
import { oneLineEvidence } from '../../../src/server/labs/attacks/attempts';
import { T, T2, eventually, fakeControl, installFakeAttacks } from './fake-lab';

const opened: LabHarness[] = [];
afterEach(async () => {
  for (const lab of opened.splice(0)) await lab.close();
});

async function lab(dataDir?: string, listen = false): Promise<LabHarness> {
  const h = await startTestLab(dataDir, { listen });
  opened.push(h);
  installFakeAttacks(h);
  return h;
}

const statusOf = async (h: LabHarness, id: string) =>
  ((await h.call('GET', '/api/lab/attacks')).body as AttackCatalogue).attacks.find((a) => a.id === id)!.progress;
const attempt = (h: LabHarness) => async () =>
  (await h.call('GET', '/api/lab/attacks/fake-walk/attempt')).body as WalkthroughAttempt;

/** The whole fake walkthrough with the defence off: exploited. */
async function exploit(h: LabHarness): Promise<void> {
  await setToggles(h, { [T]: false });
  await h.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
  await h.call('POST', '/api/lab/attacks/fake-walk/attempt/paste', { json: { step: 'word', value: 'open sesame' } });
  await h.call('GET', '/api/lab/toggles');
  expect((await eventually(attempt(h), (a) => a.result !== null)).result).toBe('exploited');
}

describe('the learner progress', () => {
  it('survives Reset lab and a restart on the same data dir; its own reset empties it', async () => {
    const first = await lab();
    await exploit(first);
    expect((await first.call('POST', '/api/lab/reset', { json: {} })).status).toBe(200);
    expect((await statusOf(first, 'fake-walk')).status).toBe('exploited');
    await first.close();
    opened.splice(0);

    const second = await lab(first.dataDir);
    const progress = await statusOf(second, 'fake-walk');
    expect(progress).toMatchObject({ status: 'exploited', exploitedAt: expect.any(String), blockedAt: null });
    const reset = await second.call('POST', '/api/lab/attacks/progress/reset', { json: {} });
    expect(reset.status).toBe(200);
    expect((reset.body as AttackCatalogue).attacks.find((a) => a.id === 'fake-walk')!.progress.status).toBe(
      'not-tried',
    );
    expect((await second.call('GET', '/api/lab/attacks/fake-walk/attempt')).status).toBe(404);
  });

  it('an open attempt keeps its done steps over a restart, and picks up traffic recorded before it', async () => {
    const first = await lab();
    await first.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
    await first.call('GET', '/api/lab/accounts');
    await eventually(attempt(first), (a) => a.steps[0]!.done);
    await first.call('GET', '/api/lab/toggles');
    await first.close();
    opened.splice(0);

    const second = await lab(first.dataDir);
    const after = await eventually(attempt(second), (a) => a.steps[2]!.done);
    expect(after.steps.map((s) => s.done)).toEqual([true, false, true]);
    // Pastes were never stored: the word has to be pasted again after a restart.
    expect(after.result).toBeNull();
    const pasted = await second.call('POST', '/api/lab/attacks/fake-walk/attempt/paste', {
      json: { step: 'word', value: 'open sesame' },
    });
    expect(pasted.body.result).toBe('blocked');
  });

  it("after a restart an open attempt does not take a run's recorded traffic for the learner's", async () => {
    const first = await lab();
    await first.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
    // Show me reads /api/lab/toggles, the walkthrough's "read" step, with its requests tagged.
    expect((await first.call('POST', '/api/lab/attacks/fake-server/run', { json: { defence: 'off' } })).status).toBe(
      200,
    );
    await first.close();
    opened.splice(0);

    const second = await lab(first.dataDir);
    // The learner's own exchange after the restart: its check runs over the reloaded traffic too.
    await second.call('GET', '/api/lab/accounts');
    const after = await eventually(attempt(second), (a) => a.steps[0]!.done);
    expect(after.steps.map((s) => s.done)).toEqual([true, false, false]);
  });

  it('Reset lab starts an open attempt again from the emptied traffic', async () => {
    const h = await lab();
    await h.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
    await h.call('GET', '/api/lab/accounts');
    await eventually(attempt(h), (a) => a.steps[0]!.done);
    await h.call('POST', '/api/lab/reset', { json: {} });
    const after = await attempt(h)();
    expect(after.steps.some((s) => s.done)).toBe(false);
    expect(after.note).toMatch(/reset/);
    await h.call('GET', '/api/lab/accounts');
    expect((await eventually(attempt(h), (a) => a.steps[0]!.done)).steps[0]!.done).toBe(true);
  });

  it('stores no pasted value and no token in the database', async () => {
    const h = await lab();
    await h.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
    const secret = 'open sesame';
    await h.call('POST', '/api/lab/attacks/fake-walk/attempt/paste', { json: { step: 'word', value: secret } });
    const rows = h.lab.context.db.prepare('SELECT * FROM attack_attempts').all();
    expect(JSON.stringify(rows)).not.toContain(secret);
    // The catalogue's own calls stay out of the traffic table, so the paste is not recorded there either.
    h.lab.context.recorder.flush();
    const traffic = h.lab.context.db.prepare('SELECT url, request_body FROM traffic').all();
    expect(JSON.stringify(traffic)).not.toContain(secret);
  });
});

describe('the self-check over a real socket', () => {
  it('stops when the reader goes away, and still puts the toggles back', async () => {
    const h = await lab(undefined, true);
    await setToggles(h, { [T2]: false });
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    fakeControl.gate = new Promise<void>((resolve) => (release = resolve));
    fakeControl.started = () => started();
    try {
      const reader = new AbortController();
      const answer = await fetch(`${h.lab.origins.app}/api/lab/attacks/check-all`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        signal: reader.signal,
      });
      expect(answer.status).toBe(200);
      await running;
      const runsSoFar = fakeControl.runs;
      reader.abort();
      const runs = h.lab.labs.attacks.runs;
      expect(await eventually(async () => runs.selfCheckStopping, Boolean)).toBe(true);
      release();
      await eventually(
        async () => runs.selfCheckRunning,
        (on) => !on,
      );
      expect(runs.selfCheckRunning).toBe(false);
      // fake-clock was the first attack it ran; stopped there, it never got to fake-server.
      expect(fakeControl.runs).toBe(runsSoFar);
      const toggles = (await h.call('GET', '/api/lab/toggles')).body as Record<string, boolean>;
      expect([toggles[T], toggles[T2]]).toEqual([true, false]);
      expect(h.lab.context.clock.offsetMs).toBe(0);
    } finally {
      fakeControl.gate = null;
      fakeControl.started = () => {};
    }
  });
});

describe('oneLineEvidence', () => {
  it('keeps one short line and cuts token-shaped values to their first characters', () => {
    const jwt = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.';
    const text = oneLineEvidence(`GET /api/jwt/me\n → 200 with ${jwt} and ${'a'.repeat(40)}`);
    expect(text).toBe('GET /api/jwt/me → 200 with eyJhbGciOiJu… and aaaaaaaa…');
    expect(oneLineEvidence('x'.repeat(31).concat(' ').repeat(20)).length).toBeLessThanOrEqual(300);
  });
});
