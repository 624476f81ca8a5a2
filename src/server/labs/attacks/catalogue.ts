import type { AttackDeclaration, LabDeclaration, WalkthroughDeclaration } from '../../../common/lab-registry';
import { LAB_DECLARATIONS } from '../../../common/labs';
import type { AttackCatalogue, AttackCatalogueEntry, AttackStatus } from '../../../common/schemas/attacks';
import { isoTimeOrNull } from '../../../common/schemas/common';
import type { ToggleName } from '../../../common/toggles';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import type { ServerAttack, WalkthroughChecks } from '../attack-kit';
import type { LabModule } from '../lab-module';
import type { AttackProgressRepository, ProgressRow } from './repositories';

/** One attack as the catalogue sees it: its lab, its declaration, and what the lab's module gives for it. */
export interface CatalogueAttack {
  lab: LabDeclaration;
  module: LabModule;
  attack: AttackDeclaration;
}

const statusOf = (p: ProgressRow | undefined): AttackStatus => {
  if (!p) return 'not-tried';
  if (p.exploitedAt !== null && p.blockedAt !== null) return 'both';
  if (p.exploitedAt !== null) return 'exploited';
  return p.blockedAt !== null ? 'blocked' : 'not-tried';
};

/**
 * Every lab's attacks, read from the lab modules each time they are asked
 * for (a module's declaration and `attacks` are the only source), with the
 * learner's progress beside them.
 */
export class Catalogue {
  constructor(
    private readonly ctx: LabContext,
    private readonly labs: readonly LabModule[],
    private readonly progress: AttackProgressRepository,
  ) {}

  /** The modules that declare a lab, in the sidebar's order. */
  private declaredLabs(): Array<{ lab: LabDeclaration; module: LabModule }> {
    const order = (id: string) => {
      const i = LAB_DECLARATIONS.findIndex((lab) => lab.id === id);
      return i < 0 ? LAB_DECLARATIONS.length : i;
    };
    return this.labs
      .flatMap((module) => (module.declaration ? [{ lab: module.declaration, module }] : []))
      .sort((a, b) => order(a.lab.id) - order(b.lab.id));
  }

  attacks(): CatalogueAttack[] {
    return this.declaredLabs().flatMap(({ lab, module }) => lab.attacks.map((attack) => ({ lab, module, attack })));
  }

  find(id: string): CatalogueAttack {
    const found = this.attacks().find((a) => a.attack.id === id);
    if (!found) throw new LabError(404, 'unknown_attack', `There is no attack "${id}" in the catalogue.`, { id });
    return found;
  }

  /** Why the server cannot run this attack, or null when it can. */
  whyNoRunner({ attack, module }: CatalogueAttack): { code: 'browser_only' | 'no_runner'; reason: string } | null {
    if (attack.runsIn === 'browser') {
      return {
        code: 'browser_only',
        reason: `"${attack.title}" needs a real browser's behaviour; the page runs it in the browser, the server cannot.`,
      };
    }
    if (!module.attacks?.runners?.[attack.id]) {
      return { code: 'no_runner', reason: `The ${module.name} lab has no server runner for "${attack.title}" yet.` };
    }
    return null;
  }

  runner(entry: CatalogueAttack): ServerAttack {
    const why = this.whyNoRunner(entry);
    if (why) throw new LabError(409, why.code, why.reason, { id: entry.attack.id });
    return entry.module.attacks!.runners[entry.attack.id] as ServerAttack;
  }

  /** The walkthrough's declaration and checks; 409 when the attack has none yet. */
  walkthrough({ attack, module }: CatalogueAttack): { declaration: WalkthroughDeclaration; checks: WalkthroughChecks } {
    const checks = module.attacks?.walkthroughs?.[attack.id] as WalkthroughChecks | undefined;
    if (!attack.walkthrough || !checks) {
      throw new LabError(409, 'no_walkthrough', `"${attack.title}" has no hands-on walkthrough yet.`, {
        id: attack.id,
      });
    }
    return { declaration: attack.walkthrough, checks };
  }

  /** The attack's defences are on when every toggle it defeats is on. */
  defenceOn({ attack }: CatalogueAttack): boolean {
    return attack.defeats.every((name) => this.ctx.toggles.isOn(name as ToggleName));
  }

  view(): AttackCatalogue {
    const progress = this.progress.all();
    const attacks = this.attacks().map((entry) => this.entryOf(entry, progress.get(entry.attack.id)));
    const count = (status: AttackStatus) => attacks.filter((a) => a.progress.status === status).length;
    const perLab = this.declaredLabs().map(({ lab }) => {
      const own = attacks.filter((a) => a.lab === lab.id);
      return {
        lab: lab.id,
        title: lab.title,
        total: own.length,
        both: own.filter((a) => a.progress.status === 'both').length,
        tried: own.filter((a) => a.progress.status !== 'not-tried').length,
      };
    });
    return {
      attacks,
      summary: {
        total: attacks.length,
        exploited: count('exploited') + count('both'),
        blocked: count('blocked') + count('both'),
        both: count('both'),
        perLab,
      },
    };
  }

  private entryOf({ lab, attack, module }: CatalogueAttack, progress: ProgressRow | undefined): AttackCatalogueEntry {
    return {
      id: attack.id,
      lab: lab.id,
      labTitle: lab.title,
      title: attack.title,
      step: attack.step,
      difficulty: attack.difficulty,
      references: [...attack.references],
      defeats: attack.defeats.map((name) => ({
        toggle: name,
        label: lab.toggles.find((t) => t.name === name)?.label ?? name,
        on: this.ctx.toggles.isOn(name as ToggleName),
      })),
      runsIn: attack.runsIn ?? 'server',
      hasWalkthrough: Boolean(attack.walkthrough && module.attacks?.walkthroughs?.[attack.id]),
      progress: {
        status: statusOf(progress),
        exploitedAt: isoTimeOrNull(progress?.exploitedAt ?? null),
        blockedAt: isoTimeOrNull(progress?.blockedAt ?? null),
      },
    };
  }
}
