import { describe, expect, it } from 'vitest';
import { LAB_DECLARATIONS } from '../../../src/common/labs';
import type { AttackCatalogue } from '../../../src/common/schemas/attacks';
import { TOGGLE_NAMES } from '../../../src/common/toggles';
import type { LabModule } from '../../../src/server/labs/lab-module';
import { useTestLab } from '../helpers';

const h = useTestLab();

/**
 * The real catalogue, as the labs give it: what each lab's module offers
 * (`attacks`) must match what its declaration says, whatever runners and
 * checks exist so far. A lab with none yet is listed and says so on a run.
 */
describe('the attack catalogue of the real labs', () => {
  const modules = (): LabModule[] => Object.values(h.lab.labs);

  it('lists every declared attack once, in the labs order, with real toggles', async () => {
    const view = (await h.call('GET', '/api/lab/attacks')).body as AttackCatalogue;
    expect(view.attacks.map((a) => a.id)).toEqual(LAB_DECLARATIONS.flatMap((lab) => lab.attacks.map((a) => a.id)));
    for (const attack of view.attacks) {
      expect(attack.defeats.length, attack.id).toBeGreaterThan(0);
      for (const d of attack.defeats) expect(TOGGLE_NAMES, `${attack.id} defeats ${d.toggle}`).toContain(d.toggle);
    }
    expect(view.summary.perLab.map((l) => l.lab)).toEqual(LAB_DECLARATIONS.map((l) => l.id));
  });

  it("gives runners only to declared server attacks, and checks for exactly a walkthrough's steps", () => {
    for (const module of modules()) {
      if (!module.attacks) continue;
      const declared = new Map(module.declaration!.attacks.map((a) => [a.id, a]));
      for (const id of Object.keys(module.attacks.runners)) {
        expect(declared.has(id), `${module.name}: runner for undeclared ${id}`).toBe(true);
        expect(declared.get(id)!.runsIn ?? 'server', `${module.name}: ${id} runs in the browser`).toBe('server');
      }
      for (const [id, checks] of Object.entries(module.attacks.walkthroughs)) {
        const walkthrough = declared.get(id)?.walkthrough;
        expect(walkthrough, `${module.name}: checks for ${id} without a walkthrough`).toBeDefined();
        expect(Object.keys(checks!.steps).sort(), id).toEqual(walkthrough!.steps.map((s) => s.id).sort());
      }
    }
  });

  it('answers a run of an attack its lab has no runner for with 409 no_runner (browser ones: browser_only)', async () => {
    for (const module of modules()) {
      for (const attack of module.declaration?.attacks ?? []) {
        const browser = attack.runsIn === 'browser';
        if (!browser && module.attacks?.runners[attack.id]) continue;
        const res = await h.call('POST', `/api/lab/attacks/${attack.id}/run`, { json: { defence: 'on' } });
        expect([res.status, res.body.error], attack.id).toEqual([409, browser ? 'browser_only' : 'no_runner']);
        expect(res.body.message, attack.id).toMatch(browser ? /browser/ : /no server runner/);
      }
    }
  });
});
