import type { FastifyPluginAsync } from 'fastify';
import { createCallerResolver } from '../../auth/request-user';
import type { LabContext } from '../../core/context';
import { passwordLabRoutes } from './lab-routes';
import { PasswordResetRepository } from './repositories';
import { passwordRoutes, type PasswordLabServices } from './routes';

export { FORGOT_LIMIT, RESET_TTL_MS } from './routes';

/** What the password lab needs from the login labs: their bearer tokens and session store. */
export type PasswordLabDependencies = Parameters<typeof createCallerResolver>[1];

export interface PasswordLab {
  name: 'password';
  repository: PasswordResetRepository;
  routes: FastifyPluginAsync;
}

/**
 * The password lab (API.md, "Accounts and passwords"): forgot, reset and
 * change. Owns the reset links, their reset handler and their sweep.
 */
export function createPasswordLab(ctx: LabContext, deps: PasswordLabDependencies): PasswordLab {
  const repository = new PasswordResetRepository(ctx);
  const services: PasswordLabServices = {
    repository,
    callers: createCallerResolver(ctx, deps),
    endAllSessions: (userId) =>
      deps.sessions.listForUser(userId).filter((row) => deps.sessions.deleteByHandle(userId, row.handle)).length,
  };
  ctx.resetHandlers.push(() => repository.clear());
  // Expired links already read as invalid: sweeping them changes nothing a learner sees.
  ctx.sweeper.add('password resets', () => repository.sweep(), { onClockJump: true });

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(passwordLabRoutes(ctx, repository));
    await app.register(passwordRoutes(ctx, services));
  };

  return { name: 'password', repository, routes };
}
