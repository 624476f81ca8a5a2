import type { SessionCookieSigner } from '../../auth/session-cookie';
import type { SessionAttacker } from './attacker';
import type { SqliteSessionStore } from './store';

/** The session lab's services: what its routes use. */
export interface SessionServices {
  store: SqliteSessionStore;
  /** The session cookie's signer, shared with @fastify/session. */
  signer: SessionCookieSigner;
  /** The simulated attacker of the fixation and hijacking steps. */
  attacker: SessionAttacker;
}
