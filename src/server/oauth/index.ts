import type { FastifyInstance } from 'fastify';
import type { LabContext } from '../core/context';
import { oauthAppRoutes } from './app-routes';
import { oauthAttackerRoutes } from './attacker-pages';
import { clientRoutes } from './client-routes';
import { idpRoutes } from './idp-routes';
import { createOAuthServices, type OAuthServices } from './services';

export interface OAuthLab {
  name: 'oauth';
  services: OAuthServices;
  /** The app origin: the lab API (a resource server) and /api/lab/oauth/*. */
  routes: (app: FastifyInstance) => Promise<void>;
  /** The idp origin: Lab ID, the authorization server. */
  idpRoutes: (app: FastifyInstance) => Promise<void>;
  /** The client origin: Your App, the relying party. */
  clientRoutes: (app: FastifyInstance) => Promise<void>;
  /** The attacker origin: the cross-site halves of the attacks. */
  attackerPages: (app: FastifyInstance) => Promise<void>;
}

/**
 * The OAuth 2.0 / OpenID Connect lab (README, "OAuth lab"): one factory on
 * the shared context, one encapsulated plugin per origin it serves.
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

const built = new WeakMap<LabContext, OAuthLab>();

/** One OAuth lab per LabContext, shared by the app, idp, client and attacker origins. */
export function oauthLabFor(ctx: LabContext): OAuthLab {
  let lab = built.get(ctx);
  if (!lab) {
    lab = createOAuthLab(ctx);
    built.set(ctx, lab);
  }
  return lab;
}
