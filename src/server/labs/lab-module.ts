import type { FastifyInstance } from 'fastify';

/**
 * The shape every lab follows (README, "Map of the code"). A lab is one
 * folder under src/server/labs/ whose index.ts is a factory taking the
 * LabContext. The factory makes the lab's repositories (statements prepared
 * once), registers its reset handler and its sweeps, and returns this.
 */
export interface LabModule {
  /** The lab's name; its lab-only helper routes live under /api/lab/<name>/. */
  name: string;
  /** Every route the lab adds to the app origin, registered as one encapsulated plugin. */
  routes: (app: FastifyInstance) => Promise<void>;
  /** Pages the lab's attacks need on the attacker origin (another site), if any. */
  attackerPages?: (app: FastifyInstance) => Promise<void>;
  /** The identity provider's routes ("Lab ID" on the idp origin), for the lab that serves it. */
  idpRoutes?: (app: FastifyInstance) => Promise<void>;
  /** The relying party's routes ("Your App" on the client origin), for the lab that serves it. */
  clientRoutes?: (app: FastifyInstance) => Promise<void>;
}
