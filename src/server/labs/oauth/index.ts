import type { FastifyInstance } from 'fastify';
import type { LabContext } from '../../core/context';
import type { LabModule } from '../lab-module';
import { oauthAppRoutes } from './app-routes';
import { oauthAttackerRoutes } from './attacker-pages';
import { clientRoutes } from './client-routes';
import { idpRoutes } from './idp-routes';
import { createOAuthServices, type OAuthServices } from './services';

export interface OAuthLab extends LabModule {
  name: 'oauth';
  services: OAuthServices;
  /** The idp origin: Lab ID, the authorization server. */
  idpRoutes: (app: FastifyInstance) => Promise<void>;
  /** The client origin: Your App, the relying party. */
  clientRoutes: (app: FastifyInstance) => Promise<void>;
  /** The attacker origin: the cross-site halves of the attacks. */
  attackerPages: (app: FastifyInstance) => Promise<void>;
}

/**
 * The OAuth 2.0 / OpenID Connect lab (README, "OAuth lab"): one factory on
 * the shared context, one encapsulated plugin per origin it serves (the app's
 * lab API and /api/lab/oauth/*, Lab ID on the idp origin, Your App on the
 * client origin, and the attacker's pages).
 */
export function createOAuthLab(ctx: LabContext): OAuthLab {
  const services = createOAuthServices(ctx);
  return {
    name: 'oauth',
    services,
    routes: oauthAppRoutes(services),
    idpRoutes: idpRoutes(services),
    clientRoutes: clientRoutes(services),
    attackerPages: oauthAttackerRoutes(services),
  };
}
