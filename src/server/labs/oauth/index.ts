import { OAUTH_LAB } from '../../../common/labs/oauth';
import type { LabContext } from '../../core/context';
import type { LabModule } from '../lab-module';
import { oauthAppRoutes } from './app-routes';
import { oauthAttackerRoutes } from './attacker-pages';
import { clientRoutes } from './client-routes';
import { idpRoutes } from './idp-routes';
import { OAUTH_MIGRATIONS } from './migrations';
import { createOAuthServices } from './services';
import { catalogueRunners } from './attacks';
import { OAUTH_WALKTHROUGHS } from './walkthroughs';
import type { LabAttacks } from '../attack-kit';

export type OAuthLab = ReturnType<typeof createOAuthLab>;

/**
 * The OAuth 2.0 / OpenID Connect lab (docs/labs/oauth.md): one factory on
 * the shared context, one encapsulated plugin per origin it serves (the app's
 * lab API and /api/lab/oauth/*, Lab ID on the idp origin, Your App on the
 * client origin, and the attacker's pages).
 */
export function createOAuthLab(ctx: LabContext) {
  const services = createOAuthServices(ctx);
  const module = {
    name: 'oauth',
    declaration: OAUTH_LAB,
    migrations: OAUTH_MIGRATIONS,
    reset: () => services.reset(),
    // Expired codes, sessions, device codes and token families are refused on sight and swept on the lab's timer.
    sweeps: [{ name: 'oauth', sweep: () => services.sweep() }],
    attacks: {
      runners: catalogueRunners(services),
      walkthroughs: OAUTH_WALKTHROUGHS,
    } satisfies LabAttacks<typeof OAUTH_LAB>,
    apiTag: {
      name: 'oauth',
      description: 'OAuth lab: the lab API (a resource server for Lab ID tokens) and lab-only runs',
    },
    routes: {
      app: oauthAppRoutes(services),
      idp: idpRoutes(services),
      client: clientRoutes(services),
      attacker: oauthAttackerRoutes(services),
    },
  } satisfies LabModule;
  return { ...module, services };
}
