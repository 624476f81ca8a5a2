import { describe, expect, it } from 'vitest';
import { LAB_DECLARATIONS } from '../../../src/common/labs';
import type { SelfCheckEvent } from '../../../src/common/schemas/attacks';
import { setToggles, useTestLab } from '../helpers';
import { eventsOf } from './fake-lab';

/** Cost 9: the login-timing attack needs bcrypt to outweigh a busy machine's noise (cost 4 is a millisecond). */
const h = useTestLab({ bcryptCost: 9 });

const BROWSER_ONLY = LAB_DECLARATIONS.flatMap((lab) =>
  lab.attacks.filter((a) => 'runsIn' in a && a.runsIn === 'browser').map((a) => a.id),
);

describe('the self-check of the real catalogue', () => {
  it('shows every defence working, even with one switched off beforehand, and leaves that one off', async () => {
    await setToggles(h, { 'jwt.algorithmAllowList': false });
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 60_000 } });
    const offsetBefore = h.lab.context.clock.offsetMs;
    try {
      const res = await h.call('POST', '/api/lab/attacks/check-all', { json: {} });
      expect(res.status).toBe(200);
      const rows = eventsOf(res.text).filter((e): e is Extract<SelfCheckEvent, { type: 'row' }> => e.type === 'row');
      expect(rows.map((r) => r.id)).toEqual(LAB_DECLARATIONS.flatMap((lab) => lab.attacks.map((a) => a.id)));
      for (const row of rows) {
        if (BROWSER_ONLY.includes(row.id as never)) {
          expect(row.skipped, row.id).toMatch(/real browser/);
          continue;
        }
        const said = `${row.id}: off → ${row.off?.summary}; on → ${row.on?.summary}`;
        expect(row.skipped, said).toBeNull();
        expect({ offExploited: row.offExploited, onBlocked: row.onBlocked }, said).toEqual({
          offExploited: true,
          onBlocked: true,
        });
      }
      expect(eventsOf(res.text).at(-1)).toMatchObject({ type: 'done', stopped: false, restored: true });
      const toggles = (await h.call('GET', '/api/lab/toggles')).body as Record<string, boolean>;
      expect(Object.entries(toggles).filter(([, on]) => !on)).toEqual([['jwt.algorithmAllowList', false]]);
      expect(h.lab.context.clock.offsetMs).toBe(offsetBefore);
    } finally {
      await setToggles(h, { 'jwt.algorithmAllowList': true });
      await h.call('POST', '/api/lab/clock', { json: { reset: true } });
    }
  }, 120_000);
});
