import type { FastifyInstance } from 'fastify';
import { resourceRoutes } from './api-routes';
import { oauthLabRoutes } from './lab-routes';
import type { OAuthServices } from './services';
import { victimRoutes } from './victim-routes';

/**
 * The OAuth lab on the app origin: the protected "lab API" (a resource server
 * that accepts Lab ID access tokens) and the lab-only helpers under
 * /api/lab/oauth/*.
 */
export function oauthAppRoutes(lab: OAuthServices) {
  return async (app: FastifyInstance): Promise<void> => {
    // Demo client secrets, tokens and personal API answers: never cached (RFC 6749 §5.1, ASVS 5.0 V14.3.2).
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    await app.register(resourceRoutes(lab));
    await app.register(oauthLabRoutes(lab));
    await app.register(victimRoutes(lab));
  };
}
