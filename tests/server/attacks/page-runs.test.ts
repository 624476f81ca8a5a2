import { describe, expect, it } from 'vitest';
import type { AttackCatalogue, PageRunLease, WalkthroughAttempt } from '../../../src/common/schemas/attacks';
import { setToggles, useTestLab } from '../helpers';
import { T, eventually, useFakeAttacks } from './fake-lab';

const h = useTestLab();
useFakeAttacks(h);

const statusOf = async (id: string) =>
  ((await h.call('GET', '/api/lab/attacks')).body as AttackCatalogue).attacks.find((a) => a.id === id)!.progress.status;
const toggles = async () => (await h.call('GET', '/api/lab/toggles')).body as Record<string, boolean>;
const attempt = async () => (await h.call('GET', '/api/lab/attacks/fake-walk/attempt')).body as WalkthroughAttempt;
const begin = async (id = 'fake-browser') =>
  (await h.call('POST', `/api/lab/attacks/${id}/page-run`, { json: {} })).body as PageRunLease;
const end = (lease: string) => h.call('POST', `/api/lab/attacks/page-run/${lease}/end`, { json: {} });

describe("the page's browser-only runs (a lease)", () => {
  it('traffic and toggle flips during a lease neither mark progress nor restart the attempt', async () => {
    await h.call('POST', '/api/lab/attacks/progress/reset', { json: {} });
    await setToggles(h, { [T]: false });
    try {
      await h.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
      await h.call('POST', '/api/lab/attacks/fake-walk/attempt/paste', {
        json: { step: 'word', value: 'open sesame' },
      });
      const { lease, expiresInMs } = await begin();
      expect(expiresInMs).toBe(60_000);
      // The page's runner flips the toggle on and back, and reads the toggles: none of it is the learner's.
      await setToggles(h, { [T]: true });
      await h.call('GET', '/api/lab/toggles');
      await setToggles(h, { [T]: false });
      await h.call('GET', '/api/lab/toggles');
      const busy = await h.call('POST', '/api/lab/attacks/fake-walk/attempt', { json: {} });
      expect([busy.status, busy.body.error]).toEqual([409, 'attack_run_busy']);
      expect((await end(lease)).body).toEqual({ ended: true });
      expect((await end(lease)).body).toEqual({ ended: false });
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(await attempt()).toMatchObject({ defence: 'off', result: null });
      expect(await statusOf('fake-walk')).toBe('not-tried');
      // After the lease the learner's own read counts again.
      await h.call('GET', '/api/lab/toggles');
      expect((await eventually(attempt, (a) => a.result !== null)).result).toBe('exploited');
    } finally {
      await setToggles(h, { [T]: true });
    }
  });

  it('a lease never ended expires and puts the toggles back as they were at its begin', async () => {
    const { timing } = h.lab.labs.attacks.pageRuns;
    const saved = timing.leaseMs;
    timing.leaseMs = 100;
    try {
      const { lease } = await begin();
      await setToggles(h, { [T]: false });
      expect((await toggles())[T]).toBe(false);
      expect(h.lab.labs.attacks.pageRuns.busy).toBe(true);
      const back = await eventually(toggles, (t) => t[T] === true);
      expect(back[T]).toBe(true);
      expect(h.lab.labs.attacks.pageRuns.busy).toBe(false);
      expect((await end(lease)).body).toEqual({ ended: false });
    } finally {
      timing.leaseMs = saved;
      await setToggles(h, { [T]: true });
    }
  });

  it('a lease for an unknown attack is a 404, one with a body a 400', async () => {
    const res = await h.call('POST', '/api/lab/attacks/nope/page-run', { json: {} });
    expect([res.status, res.body.error]).toEqual([404, 'unknown_attack']);
    const bad = await h.call('POST', '/api/lab/attacks/fake-browser/page-run', { json: { x: 1 } });
    expect([bad.status, bad.body.error]).toEqual([400, 'invalid_request']);
  });
});
