import type { FastifyInstance } from 'fastify';
import type { LabContext } from '../../core/context';
import { createOriginServer } from '../origin-server';
import { page } from '../../core/html-page';

/** "Lab ID", the OAuth 2.0 / OpenID Connect authorization server. Its flows arrive with the OAuth lab. */
export async function buildIdpOrigin(ctx: LabContext): Promise<FastifyInstance> {
  const app = createOriginServer(ctx, 'idp');
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .send(
        page(
          'Lab ID',
          '<h1>Lab ID</h1><p>The lab\u2019s identity provider. Its sign-in, consent and token endpoints are not built yet.</p>',
        ),
      ),
  );
  return app;
}
