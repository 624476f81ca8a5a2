import type { FastifyInstance } from 'fastify';
import type { LabContext } from '../../core/context';
import type { LabModule } from '../../labs/lab-module';
import { createOriginServer } from '../origin-server';
import { html } from '../../core/html';
import { plainLayout } from '../../core/html-layouts';

/** "Lab ID", the OAuth 2.0 / OpenID Connect authorization server: it registers every lab's idp-origin routes (the OAuth lab's). */
export async function buildIdpOrigin(ctx: LabContext, labs: readonly LabModule[]): Promise<FastifyInstance> {
  const app = createOriginServer(ctx, 'idp');
  for (const lab of labs) if (lab.routes.idp) await app.register(lab.routes.idp);
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .send(
        plainLayout(
          'Lab ID',
          html`<h1>Lab ID</h1><p>The lab’s identity provider. Apps send you here to sign in; its metadata is at <code>/.well-known/openid-configuration</code>.</p>`,
        ),
      ),
  );
  return app;
}
