import type { FastifyPluginAsync } from 'fastify';
import { createCallerResolver } from '../../auth/request-user';
import type { LabContext } from '../../core/context';
import { passwordHashingRoutes } from './hashing-routes';
import { enumerationLabToolRoutes } from './enumeration-lab-routes';
import { passwordLabToolRoutes } from './lab-routes';
import { PasswordResetRepository } from './repositories';
import { passwordChangeRoutes, passwordResetRoutes, type PasswordLabServices } from './routes';

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
    await app.register(passwordLabToolRoutes, { repository });
    await app.register(passwordHashingRoutes, { ctx });
    await app.register(enumerationLabToolRoutes(ctx));
    await app.register(async (scope) => {
      // Answers here concern credentials: no cache may keep them (ASVS 5.0 V14.3.2).
      scope.addHook('onSend', async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      });
      passwordResetRoutes(scope, ctx, services);
      passwordChangeRoutes(scope, ctx, services);
    });
  };

  return { name: 'password', repository, routes };
}
