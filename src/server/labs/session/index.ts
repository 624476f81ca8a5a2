import { SessionCookieSigner } from '../../auth/session-cookie';
import type { LabContext } from '../../core/context';
import type { LabModule } from '../lab-module';
import { SessionAttacker } from './attacker';
import { sessionAttackerPages } from './attacker-pages';
import { sessionLabRoutes } from './lab-routes';
import { sessionRoutes } from './routes';
import { SqliteSessionStore } from './store';

export interface SessionLab extends LabModule {
  store: SqliteSessionStore;
  attacker: SessionAttacker;
}

/**
 * The session lab: real server-side sessions in SQLite behind a signed,
 * HttpOnly, SameSite cookie (README, "Session lab"). Owns its store, its
 * simulated attacker, its reset and its sweep.
 */
export function createSessionLab(ctx: LabContext): SessionLab {
  const store = new SqliteSessionStore(ctx);
  const attacker = new SessionAttacker(ctx);
  const signer = new SessionCookieSigner(ctx);
  ctx.resetHandlers.push(() => {
    store.clear();
    attacker.forget();
  });
  // Expired rows are refused on sight and swept on a timer. Not on a clock
  // jump: the page shows a fast-forwarded session as "idle" until then.
  ctx.sweeper.add('sessions', () => store.sweep());
  return {
    name: 'session',
    store,
    attacker,
    routes: async (app) => {
      await app.register(sessionLabRoutes(ctx, { store, signer, attacker }));
      await app.register(sessionRoutes(ctx, { store, signer, attacker }));
    },
    attackerPages: (app) => sessionAttackerPages(app, ctx, attacker),
  };
}
