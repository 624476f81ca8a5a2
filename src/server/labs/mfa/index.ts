import type { FastifyPluginAsync } from 'fastify';
import type { Caller } from '../../auth/request-user';
import type { LabContext } from '../../core/context';
import { mfaLabRoutes } from './lab-routes';
import type { MfaRepository } from './repositories';
import { mfaRoutes } from './routes';
import { ENROLLMENT_TTL_MS, STEP_UP_WINDOW_MS, createMfaServices, type MfaDependencies } from './services';

export { ENROLLMENT_TTL_MS, STEP_UP_WINDOW_MS } from './services';

export interface MfaLab {
  /** The lab's name; its lab-only helper routes live under /api/lab/mfa/. */
  name: 'mfa';
  repository: MfaRepository;
  /** Every route the lab adds to the app origin, as one encapsulated plugin. */
  routes: FastifyPluginAsync;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who called an MFA route, set by the lab's scope guard. */
    caller: Caller | null;
  }
}

/**
 * The MFA lab (README, "MFA lab"): TOTP enrollment, recovery codes, turning
 * MFA off, step-up and the demo bank transfer. Owns its repository, its reset
 * and its sweep; the second login step itself is shared, in auth/.
 */
export function createMfaLab(ctx: LabContext, deps: MfaDependencies): MfaLab {
  const services = createMfaServices(ctx, deps);
  const { repository } = services;
  ctx.resetHandlers.push(() => repository.clear());
  // Stale step-ups and abandoned setups already count as gone when read: swept on the timer and on clock jumps.
  ctx.sweeper.add('mfa', () => repository.sweep(STEP_UP_WINDOW_MS, ENROLLMENT_TTL_MS), { onClockJump: true });

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(mfaLabRoutes(ctx));
    await app.register(mfaRoutes(ctx, services));
  };

  return { name: 'mfa', repository, routes };
}
