import type { FastifyPluginAsync } from 'fastify';
import type { LabContext } from '../../core/context';
import { rateLimitLabRoutes } from './lab-routes';

export interface RateLimitLab {
  /** The lab's name; its lab-only helper routes live under /api/lab/ratelimit/. */
  name: 'ratelimit';
  /** The lab-only helper routes, as one encapsulated plugin. */
  routes: FastifyPluginAsync;
}

/**
 * The rate-limit lab (README, "Rate-limit lab"). The limits themselves live
 * where every login needs them: the failed-login throttle in
 * auth/login-throttle.ts, the general limit in origins/app/plugins/rate-limit.ts
 * with its store in core/general-limit.ts (on the LabContext).
 * This lab owns that store's reset and sweep, and the views that show both
 * limits' counters.
 */
export function createRateLimitLab(ctx: LabContext): RateLimitLab {
  const { generalLimit } = ctx;
  ctx.resetHandlers.push(() => generalLimit.clear());
  // Finished windows already read as empty: swept on the timer and on clock jumps.
  ctx.sweeper.add('general rate limit', () => generalLimit.sweep(), { onClockJump: true });
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(rateLimitLabRoutes(ctx));
  };
  return { name: 'ratelimit', routes };
}
