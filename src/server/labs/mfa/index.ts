import type { FastifyPluginAsync } from 'fastify';
import type { Caller } from '../../auth/request-user';
import type { LabContext } from '../../core/context';
import { mfaLabToolRoutes } from './lab-tools';
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
  const { repository, callers } = services;
  ctx.resetHandlers.push(() => repository.clear());
  // Stale step-ups and abandoned setups already count as gone when read: swept on the timer and on clock jumps.
  ctx.sweeper.add('mfa', () => repository.sweep(STEP_UP_WINDOW_MS, ENROLLMENT_TTL_MS), { onClockJump: true });

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(mfaLabToolRoutes, { ctx });

    await app.register(async (scope) => {
      // Answers here carry secrets and recovery codes: no cache may keep them (ASVS 5.0 V14.3.2).
      scope.addHook('onSend', async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      });
      // Every route in this scope needs a login: session cookie (+ CSRF token) or bearer token,
      // checked before the body is even parsed, so an anonymous caller learns nothing of the input.
      scope.decorateRequest('caller', null);
      scope.addHook('onRequest', async (request) => {
        request.caller = await callers.resolveCaller(request);
      });
      mfaRoutes(scope, ctx, services);
    });
  };

  return { name: 'mfa', repository, routes };
}
