import type { FastifyInstance } from 'fastify';
import type { LabContext } from '../../core/context';
import { oauthLabFor } from '../../oauth';
import { createOriginServer } from '../origin-server';

/** "Your App", the relying party that logs in with Lab ID (the OAuth lab's routes). */
export async function buildClientOrigin(ctx: LabContext): Promise<FastifyInstance> {
  const app = createOriginServer(ctx, 'client');
  await app.register(oauthLabFor(ctx).clientRoutes);
  return app;
}
