import type { FastifyPluginAsync } from 'fastify';
import { RATELIMIT_LAB } from '../../../common/labs/ratelimit';
import type { LabContext } from '../../core/context';
import type { LabModule } from '../lab-module';
import { RATELIMIT_MIGRATIONS } from './migrations';
import { rateLimitLabRoutes } from './lab-routes';
import { RATELIMIT_RUNNERS } from './attacks';
import { RATELIMIT_WALKTHROUGHS } from './walkthroughs';
import type { LabAttacks } from '../attack-kit';

export type RateLimitLab = ReturnType<typeof createRateLimitLab>;

/**
 * The rate-limit lab (docs/labs/ratelimit.md). The limits themselves live
 * where every login needs them: the failed-login throttle in
 * auth/login-throttle.ts, the general limit in origins/app/plugins/rate-limit.ts
 * with its store in core/general-limit.ts (on the LabContext).
 * This lab owns that store's reset and sweep, and the views that show both
 * limits' counters.
 */
export function createRateLimitLab(ctx: LabContext) {
  const { generalLimit } = ctx;
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(rateLimitLabRoutes(ctx));
  };
  return {
    name: 'ratelimit',
    declaration: RATELIMIT_LAB,
    migrations: RATELIMIT_MIGRATIONS,
    reset: () => generalLimit.clear(),
    // Finished windows already read as empty: swept on the timer and on clock jumps.
    sweeps: [{ name: 'general rate limit', sweep: () => generalLimit.sweep(), onClockJump: true }],
    attacks: { runners: RATELIMIT_RUNNERS, walkthroughs: RATELIMIT_WALKTHROUGHS } satisfies LabAttacks<
      typeof RATELIMIT_LAB
    >,
    routes: { app: routes },
  } satisfies LabModule;
}
