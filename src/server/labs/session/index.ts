import { SESSION_LAB } from '../../../common/labs/session';
import { SessionCookieSigner } from '../../auth/session-cookie';
import type { LabContext } from '../../core/context';
import type { LabAttacks } from '../attack-kit';
import type { LabModule } from '../lab-module';
import { SESSION_RUNNERS } from './attacks';
import { SessionAttacker } from './attacker';
import { sessionAttackerPages } from './attacker-pages';
import { sessionLabRoutes } from './lab-routes';
import { sessionRoutes } from './routes';
import { SESSION_MIGRATIONS } from './migrations';
import { SqliteSessionStore } from './store';
import { SESSION_WALKTHROUGH_CHECKS } from './walkthroughs';

export type SessionLab = ReturnType<typeof createSessionLab>;

/**
 * The session lab: real server-side sessions in SQLite behind a signed,
 * HttpOnly, SameSite cookie (docs/labs/session.md). Owns its store, its
 * simulated attacker, its reset and its sweep.
 */
export function createSessionLab(ctx: LabContext) {
  const store = new SqliteSessionStore(ctx);
  const attacker = new SessionAttacker(ctx);
  const signer = new SessionCookieSigner(ctx);
  const module = {
    name: 'session',
    declaration: SESSION_LAB,
    migrations: SESSION_MIGRATIONS,
    reset: () => {
      store.clear();
      attacker.forget();
    },
    // Expired rows are refused on sight and swept on a timer. Not on a clock
    // jump: the page shows a fast-forwarded session as "idle" until then.
    sweeps: [{ name: 'sessions', sweep: () => store.sweep() }],
    attacks: { runners: SESSION_RUNNERS, walkthroughs: SESSION_WALKTHROUGH_CHECKS } satisfies LabAttacks<
      typeof SESSION_LAB
    >,
    apiTag: { name: 'session', description: 'Session lab: cookie sessions, CSRF, fixation' },
    routes: {
      app: async (app) => {
        await app.register(sessionLabRoutes(ctx, { store, signer, attacker }));
        await app.register(sessionRoutes(ctx, { store, signer, attacker }));
      },
      attacker: (app) => sessionAttackerPages(app, ctx, attacker),
    },
  } satisfies LabModule;
  // The store and the simulated attacker are what other labs and the tests use.
  return { ...module, store, attacker };
}
