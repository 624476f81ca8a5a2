import type { FastifyPluginAsync } from 'fastify';
import { MFA_LAB } from '../../../common/labs/mfa';
import type { Caller } from '../../auth/request-user';
import type { LabContext } from '../../core/context';
import type { LabAttacks } from '../attack-kit';
import type { LabModule } from '../lab-module';
import { MFA_RUNNERS } from './attacks';
import { MFA_WALKTHROUGHS } from './walkthroughs';
import { mfaLabRoutes } from './lab-routes';
import { MFA_MIGRATIONS } from './migrations';
import { mfaRoutes } from './routes';
import { ENROLLMENT_TTL_MS, STEP_UP_WINDOW_MS, createMfaServices, type MfaDependencies } from './services';

export { ENROLLMENT_TTL_MS, STEP_UP_WINDOW_MS } from './services';

export type MfaLab = ReturnType<typeof createMfaLab>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who called an MFA route, set by the lab's scope guard. */
    caller: Caller | null;
  }
}

/**
 * The MFA lab (docs/labs/mfa.md): TOTP enrollment, recovery codes, turning
 * MFA off, step-up and the demo bank transfer. Owns its repository, its reset
 * and its sweep; the second login step itself is shared, in auth/.
 */
export function createMfaLab(ctx: LabContext, deps: MfaDependencies) {
  const services = createMfaServices(ctx, deps);
  const { repository } = services;

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(mfaLabRoutes(ctx));
    await app.register(mfaRoutes(ctx, services));
  };

  const module = {
    name: 'mfa',
    declaration: MFA_LAB,
    migrations: MFA_MIGRATIONS,
    // Spent TOTP steps go too: after the clock returns to real time, today's codes must work.
    reset: () => {
      repository.clear();
      ctx.users.forgetTotpSteps();
    },
    // Stale step-ups and abandoned setups already count as gone when read: swept on the timer and on clock jumps.
    sweeps: [{ name: 'mfa', sweep: () => repository.sweep(STEP_UP_WINDOW_MS, ENROLLMENT_TTL_MS), onClockJump: true }],
    attacks: { runners: MFA_RUNNERS, walkthroughs: MFA_WALKTHROUGHS } satisfies LabAttacks<typeof MFA_LAB>,
    apiTag: { name: 'mfa', description: 'MFA lab: TOTP enrollment, recovery codes, step-up, the demo bank transfer' },
    routes: { app: routes },
  } satisfies LabModule;
  return { ...module, repository };
}
