import type { FastifyInstance } from 'fastify';
import type { LabContext } from '../../core/context';
import type { LabModule } from '../../labs/lab-module';
import { createOriginServer } from '../origin-server';

/** "Your App", the relying party that logs in with Lab ID: it registers every lab's client-origin routes (the OAuth lab's). */
export async function buildClientOrigin(ctx: LabContext, labs: readonly LabModule[]): Promise<FastifyInstance> {
  const app = createOriginServer(ctx, 'client');
  for (const lab of labs) if (lab.routes.client) await app.register(lab.routes.client);
  return app;
}
