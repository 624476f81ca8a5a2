import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { authorizeRoutes } from './idp/authorize-routes';
import { consentRoutes } from './idp/consent-routes';
import { deviceRoutes } from './idp/device-routes';
import { discoveryRoutes } from './idp/discovery-routes';
import { createFrontChannel } from './idp/front-channel';
import { logoutRoutes } from './idp/logout-routes';
import { signInRoutes } from './idp/sign-in-routes';
import { tokenRoutes } from './idp/token-routes';
import { userinfoRoutes } from './idp/userinfo-routes';
import type { OAuthServices } from './services';

export { IDP_BROWSER_COOKIE, IDP_SESSION_COOKIE } from './idp/front-channel';

/**
 * Lab ID, the authorization server and OpenID provider on the idp origin.
 * One encapsulated plugin: cookies, form bodies and its headers stay in this
 * scope; one route file per endpoint family.
 */
export const idpRoutes =
  (lab: OAuthServices) =>
  async (app: FastifyInstance): Promise<void> => {
    await app.register(fastifyCookie);
    await app.register(fastifyFormbody);
    // Every answer of the authorization server is personal or a credential: no caching (RFC 6749 §5.1).
    app.addHook('onSend', async (request, reply) => {
      const path = request.url.split('?')[0];
      if (path !== '/jwks' && !path?.startsWith('/.well-known/')) {
        reply.header('cache-control', 'no-store');
        reply.header('pragma', 'no-cache');
      }
    });
    app.addHook('onRequest', async () => lab.ensureDemoClients());

    const channel = createFrontChannel(lab);
    await app.register(discoveryRoutes(lab));
    await app.register(authorizeRoutes(lab, channel));
    await app.register(signInRoutes(lab, channel));
    await app.register(consentRoutes(lab, channel));
    await app.register(logoutRoutes(lab, channel));
    await app.register(tokenRoutes(lab));
    await app.register(userinfoRoutes(lab));
    await app.register(deviceRoutes(lab, channel));
  };
