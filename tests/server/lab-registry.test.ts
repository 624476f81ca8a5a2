import { describe, expect, it } from 'vitest';
import type { AttackDeclaration, LabDeclaration } from '../../src/common/lab-registry';
import { LAB_DECLARATIONS as DECLARED, NAVIGATION } from '../../src/common/labs';
import { OAUTH_ATTACK_IDS } from '../../src/common/schemas/oauth';
import { TOGGLE_NAMES } from '../../src/common/toggles';
import { LAB_MIGRATIONS, type Labs } from '../../src/server/labs';
import type { LabModule } from '../../src/server/labs/lab-module';
import { useTestLab } from './helpers';

/**
 * Defences no attack tests yet: each is taught on its lab's page (a probe, a
 * countdown or a form), not by an attack card. The list may only shrink.
 */
const LAB_DECLARATIONS: readonly LabDeclaration[] = DECLARED;

const TOGGLES_WITHOUT_ATTACK: readonly string[] = [];

const duplicates = (values: readonly string[]) => values.filter((value, i) => values.indexOf(value) !== i);

describe('the lab declarations (common/labs)', () => {
  const toggles = LAB_DECLARATIONS.flatMap((lab) => lab.toggles.map((t) => t.name));
  const attacks = LAB_DECLARATIONS.flatMap((lab) => lab.attacks);

  it('every lab declares toggles and attacks', () => {
    expect(LAB_DECLARATIONS.length).toBeGreaterThan(0);
    for (const lab of LAB_DECLARATIONS) {
      expect(lab.toggles.length, lab.id).toBeGreaterThan(0);
      expect(lab.attacks.length, lab.id).toBeGreaterThan(0);
    }
  });

  it('declares every toggle once, named <area>.<defence>, and the registry knows exactly those', () => {
    expect(duplicates(toggles)).toEqual([]);
    for (const name of toggles) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    expect([...TOGGLE_NAMES].sort()).toEqual([...toggles].sort());
  });

  it('gives attacks and pages unique ids', () => {
    expect(duplicates(attacks.map((a) => a.id))).toEqual([]);
    expect(duplicates(NAVIGATION.map((page) => page.id))).toEqual([]);
  });

  it('every attack defeats toggles of its own lab and names a step of its lab', () => {
    for (const lab of LAB_DECLARATIONS) {
      const own = lab.toggles.map((t) => t.name);
      for (const attack of lab.attacks) {
        expect(attack.defeats.length, attack.id).toBeGreaterThan(0);
        for (const toggle of attack.defeats) expect(own, `${attack.id} defeats ${toggle}`).toContain(toggle);
        if (attack.step !== null) expect(lab.steps, attack.id).toContain(attack.step);
        expect(attack.references.length, attack.id).toBeGreaterThan(0);
        expect(['beginner', 'practitioner', 'expert']).toContain(attack.difficulty);
      }
    }
  });

  it('every attack has a hands-on walkthrough: a goal, and steps with unique ids, a task, a hint and an answer', () => {
    for (const attack of attacks) {
      const walkthrough = (attack as AttackDeclaration).walkthrough;
      expect(walkthrough, attack.id).toBeDefined();
      expect(walkthrough!.goal.trim(), attack.id).not.toBe('');
      expect(duplicates(walkthrough!.steps.map((step) => step.id)), attack.id).toEqual([]);
      for (const step of walkthrough!.steps)
        for (const text of [step.task, step.hint, step.answer])
          expect(text.trim(), `${attack.id}.${step.id}`).not.toBe('');
    }
  });

  it('every toggle has at least one attack, except the ones listed as still without', () => {
    const defeated = new Set(attacks.flatMap((a) => a.defeats));
    const without = toggles.filter((name) => !defeated.has(name));
    expect(without.sort()).toEqual([...TOGGLES_WITHOUT_ATTACK].sort());
  });

  it('runs on the server exactly the OAuth attacks the OAuth lab declares', () => {
    const oauth = LAB_DECLARATIONS.find((lab) => lab.id === 'oauth-lab')!;
    expect([...OAUTH_ATTACK_IDS]).toEqual(oauth.attacks.map((a) => a.id));
  });
});

describe('the server lab list (src/server/labs)', () => {
  const h = useTestLab();
  const modules = (): LabModule[] => Object.values(h.lab.labs);

  it('matches the common declarations one to one', () => {
    const declared = modules().flatMap((lab) => (lab.declaration ? [lab.declaration] : []));
    expect(declared.map((d) => d.id).sort()).toEqual(LAB_DECLARATIONS.map((d) => d.id).sort());
    for (const declaration of declared) expect(LAB_DECLARATIONS).toContain(declaration);
  });

  it('gives each module a unique name and the migrations the database was opened with', () => {
    expect(duplicates(modules().map((lab) => lab.name))).toEqual([]);
    for (const [name, lab] of Object.entries(h.lab.labs) as Array<[keyof Labs, LabModule]>) {
      expect(lab.migrations, name).toBe(LAB_MIGRATIONS[name]);
    }
  });
});
