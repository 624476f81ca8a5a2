import { join } from 'node:path';
import type { LabContext } from '../../core/context';
import type { LabModule } from '../lab-module';
import { DeckLibrary } from './deck-library';
import { DrillService } from './drill-service';
import { DRILLS_MIGRATIONS } from './migrations';
import { ReviewRepository } from './review-repository';
import { drillRoutes } from './routes';

export type DrillsLab = ReturnType<typeof createDrillsLab>;

/**
 * Interview drills (docs/labs/drills.md): the decks (shipped and
 * <dataDir>/drills), loaded once at start-up, and FSRS scheduling over the
 * review repository. No reset handler on purpose: POST /api/lab/reset keeps
 * drill progress. Nothing to sweep: reviews are kept for the stats.
 */
export function createDrillsLab(ctx: LabContext) {
  const library = new DeckLibrary(join(ctx.config.resourcesDir, 'drills'), join(ctx.config.dataDir, 'drills'));
  const service = new DrillService(library, new ReviewRepository(ctx.db), ctx.clock);
  const module = {
    name: 'drills',
    // A page of interview cards, not a lab with defences to switch.
    declaration: null,
    migrations: DRILLS_MIGRATIONS,
    apiTag: {
      name: 'drills',
      description: 'Interview drills: cards, FSRS due queue, reviews, stats, deck and progress import/export',
    },
    routes: { app: (app) => drillRoutes(app, ctx, service) },
  } satisfies LabModule;
  return { ...module, service };
}
