import type { FastifyInstance } from 'fastify';
import type { LabContext } from '../../core/context';
import { oauthLabFor } from '../../oauth';
import { messagePage } from '../../oauth/pages';
import { createOriginServer } from '../origin-server';

/** "Lab ID", the OAuth 2.0 / OpenID Connect authorization server (the OAuth lab's routes). */
export async function buildIdpOrigin(ctx: LabContext): Promise<FastifyInstance> {
  const app = createOriginServer(ctx, 'idp');
  const lab = oauthLabFor(ctx);
  app.addHook('onClose', async () => lab.services.stop());
  await app.register(lab.idpRoutes);
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .send(
        messagePage(
          'Lab ID',
          'The lab’s identity provider. Apps send you here to sign in; its metadata is at /.well-known/openid-configuration.',
        ),
      ),
  );
  return app;
}
