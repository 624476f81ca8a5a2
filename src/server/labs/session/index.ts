import { SESSION_LAB } from '../../../common/labs/session';
import { SessionCookieSigner } from '../../auth/session-cookie';
import type { LabContext } from '../../core/context';
import type { LabModule } from '../lab-module';
import { SessionAttacker } from './attacker';
import { sessionAttackerPages } from './attacker-pages';
import { sessionLabRoutes } from './lab-routes';
import { sessionRoutes } from './routes';
import { SESSION_MIGRATIONS } from './migrations';
import { SqliteSessionStore } from './store';

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
