import type { FastifyInstance } from 'fastify';
import type { LabContext } from '../../core/context';
import { createOriginServer } from '../origin-server';
import { page } from '../../core/html-page';

/** "Your App", the relying party that logs in with Lab ID. Its flow arrives with the OAuth lab. */
export async function buildClientOrigin(ctx: LabContext): Promise<FastifyInstance> {
  const app = createOriginServer(ctx, 'client');
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .send(page('Your App', '<h1>Your App</h1><p>A relying party that will log in with Lab ID. Not built yet.</p>')),
  );
  return app;
}
