import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { homeRoutes } from './client/home-routes';
import { loginRoutes } from './client/login-routes';
import { createRelyingParty } from './client/relying-party';
import { sessionRoutes } from './client/session-routes';
import type { OAuthServices } from './services';

/**
 * "Your App", the relying party on the client origin. It runs the
 * authorization code flow from its backend with PKCE, state and nonce,
 * validates the ID token, and keeps its own session.
 */
export function clientRoutes(lab: OAuthServices) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(fastifyCookie);
    await app.register(fastifyFormbody);
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    });
    const rp = createRelyingParty(lab);
    await app.register(homeRoutes(rp));
    await app.register(loginRoutes(lab, rp));
    await app.register(sessionRoutes(lab, rp));
  };
}
