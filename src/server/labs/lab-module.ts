import type { FastifyPluginAsync } from 'fastify';
import type { LabDeclaration } from '../../common/lab-registry';
import type { Migration } from '../db/migrations';
import type { LabAttacks } from './attack-kit';

/** One background clean-up of a lab's tables (core/sweeper.ts). */
export interface LabSweep {
  name: string;
  sweep: () => void;
  /** Also sweep right after the lab clock jumps; leave off where the page shows expired rows until the timer runs. */
  onClockJump?: boolean;
}

/**
 * Everything the server needs to know about one lab. A lab is one folder
 * under src/server/labs/ whose index.ts is a factory taking the LabContext and
 * returning `{ … } satisfies LabModule`; src/server/labs/index.ts lists every
 * factory once, and start.ts, the origins, the toggle registry, the OpenAPI
 * document and the tests read that list.
 */
export interface LabModule {
  /** The lab's name; its lab-only helper routes live under /api/lab/<name>/. */
  name: string;
  /**
   * What the lab teaches (common/labs/<lab>.ts): steps, toggles and attacks.
   * Null for a part of the app that has no defences to switch (the drills).
   */
  declaration: LabDeclaration | null;
  /** The lab's schema steps, with their global version numbers (db/migrations.ts collects every lab's). */
  migrations: readonly Migration[];
  /** Wipes the lab's state; `POST /api/lab/reset` runs every lab's, in the list's order, in one transaction. */
  reset?: () => void;
  /** The lab's background clean-ups, run on a timer (and on clock jumps where they say so). */
  sweeps?: readonly LabSweep[];
  /** The lab's server runners and walkthrough checks, read by the attack catalogue (labs/attacks/). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each lab types its own by its declaration
  attacks?: LabAttacks<any>;
  /** The OpenAPI tag the lab's app routes carry, with its description for the API docs. */
  apiTag?: { name: string; description: string };
  /** The lab's routes per origin, each one encapsulated plugin. */
  routes: {
    /** The app origin: the lab's /api routes and its /api/lab/<name>/* helpers. */
    app?: FastifyPluginAsync;
    /** The idp origin: Lab ID, the authorization server. */
    idp?: FastifyPluginAsync;
    /** The client origin: Your App, the relying party. */
    client?: FastifyPluginAsync;
    /** The attacker origin (another site): the pages the lab's attacks start from. */
    attacker?: FastifyPluginAsync;
  };
}
