import type { FastifyPluginAsync } from 'fastify';
import { PASSWORD_LAB } from '../../../common/labs/password';
import { createCallerResolver } from '../../auth/request-user';
import type { LabContext } from '../../core/context';
import type { LabAttacks } from '../attack-kit';
import type { LabModule } from '../lab-module';
import { PASSWORD_RUNNERS } from './attacks';
import { PASSWORD_WALKTHROUGHS } from './walkthroughs';
import { passwordLabRoutes } from './lab-routes';
import { PASSWORD_MIGRATIONS } from './migrations';
import { PasswordResetRepository } from './repositories';
import { passwordRoutes, type PasswordLabServices } from './routes';

export { FORGOT_LIMIT, RESET_TTL_MS } from './routes';

/** What the password lab needs from the login labs: their bearer tokens and session store, and Lab ID's sign-out. */
export type PasswordLabDependencies = Parameters<typeof createCallerResolver>[1] & {
  /** Ends the user's Lab ID sessions, consents, codes and tokens. */
  signOutOfLabId: (userId: number) => void;
};

export type PasswordLab = ReturnType<typeof createPasswordLab>;

/**
 * The password lab (API.md, "Accounts and passwords"): forgot, reset and
 * change. Owns the reset links, their reset handler and their sweep.
 */
export function createPasswordLab(ctx: LabContext, deps: PasswordLabDependencies) {
  const repository = new PasswordResetRepository(ctx);
  const services: PasswordLabServices = {
    repository,
    callers: createCallerResolver(ctx, deps),
    endAllSessions: (userId) =>
      deps.sessions.listForUser(userId).filter((row) => deps.sessions.deleteByHandle(userId, row.handle)).length,
    signOutOfLabId: deps.signOutOfLabId,
  };

  const routes: FastifyPluginAsync = async (app) => {
    await app.register(passwordLabRoutes(ctx, repository));
    await app.register(passwordRoutes(ctx, services));
  };

  const module = {
    name: 'password',
    declaration: PASSWORD_LAB,
    migrations: PASSWORD_MIGRATIONS,
    reset: () => repository.clear(),
    // Expired links already read as invalid: sweeping them changes nothing a learner sees.
    sweeps: [{ name: 'password resets', sweep: () => repository.sweep(), onClockJump: true }],
    attacks: { runners: PASSWORD_RUNNERS, walkthroughs: PASSWORD_WALKTHROUGHS } satisfies LabAttacks<
      typeof PASSWORD_LAB
    >,
    apiTag: { name: 'password', description: 'Password lab: forgot, reset and change password; hashing demos' },
    routes: { app: routes },
  } satisfies LabModule;
  return { ...module, repository };
}
