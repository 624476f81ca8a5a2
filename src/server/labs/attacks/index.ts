import type { FastifyPluginAsync } from 'fastify';
import type { LabContext } from '../../core/context';
import type { LabModule } from '../lab-module';
import { WalkthroughAttempts } from './attempts';
import { Catalogue } from './catalogue';
import { sharedLoginState } from './lab-state';
import { ATTACKS_MIGRATIONS } from './migrations';
import { AttackProgressRepository, AttemptRepository } from './repositories';
import { attackRoutes } from './routes';
import { PageRuns } from './page-runs';
import { AttackRuns, type LabSnapshot } from './runs';

export type { LabSnapshot } from './runs';

/**
 * The attack catalogue (`#/attacks`, docs/ARCHITECTURE.md "The attack
 * catalogue"): every other lab's attacks from its declaration, the runners
 * and walkthrough checks its module gives (`attacks`, see attack-kit.ts),
 * the learner's progress, "Show me" runs, the self-check of every defence
 * and the live-checked walkthrough attempts. It teaches nothing of its own,
 * so it has no declaration.
 */
export function createAttacksLab(ctx: LabContext, labs: readonly LabModule[], snapshots: readonly LabSnapshot[]) {
  const progress = new AttackProgressRepository(ctx.db);
  const catalogue = new Catalogue(ctx, labs, progress);
  const runs = new AttackRuns(ctx, catalogue, [...sharedLoginState(ctx), ...snapshots]);
  const pageRuns = new PageRuns(ctx, catalogue, () => runs.busy);
  const busy = () => runs.busy || pageRuns.busy;
  const attempts = new WalkthroughAttempts(ctx, catalogue, new AttemptRepository(ctx.db), progress, busy);
  runs.onIdle(() => attempts.resync());
  pageRuns.onIdle(() => attempts.resync());
  const resetProgress = () =>
    ctx.db.transaction(() => {
      progress.clear();
      attempts.clear();
    })();
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(attackRoutes(catalogue, runs, pageRuns, attempts, resetProgress));
  };
  const module = {
    name: 'attacks',
    declaration: null,
    migrations: ATTACKS_MIGRATIONS,
    // Reset lab keeps the learner's progress; it empties the traffic, so open attempts start again.
    reset: () => attempts.restartOpen(),
    apiTag: {
      name: 'attacks',
      description: "Attack catalogue: every lab's attacks, progress, runs, self-check, walkthroughs",
    },
    routes: { app: routes },
  } satisfies LabModule;
  return { ...module, catalogue, runs, pageRuns, attempts };
}
