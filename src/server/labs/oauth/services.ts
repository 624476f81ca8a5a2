import type { LabContext } from '../../core/context';
import { randomToken } from '../../crypto/random';
import { IdpKeys } from './keys';
import {
  ClientRepository,
  CodeRepository,
  ConsentRepository,
  IdpSessionRepository,
  InteractionRepository,
  TokenRepository,
  sha256,
  sweepExpired,
  wipeOAuthState,
} from './repositories';
import { DeviceCodeRepository } from './device-repository';
import { RelyingPartyRepository } from './relying-party-repository';
import { signOutEverywhere } from './sign-out-everywhere';
import { DEMO_CLIENTS } from './settings';

/**
 * The OAuth lab's state and services on the shared context: its keys and
 * repositories (statements prepared once), its reset handler and its sweep.
 */
export function createOAuthServices(ctx: LabContext) {
  const db = ctx.db;
  const clients = new ClientRepository(db);
  const lab = {
    ctx,
    /** How lab code calls the lab's own origins (Your App's back channel, the runs, the attacker). */
    fetch: ((...args: Parameters<typeof fetch>) => ctx.dependencies.fetch(...args)) as typeof fetch,
    keys: new IdpKeys(ctx),
    clients,
    sessions: new IdpSessionRepository(db),
    interactions: new InteractionRepository(db),
    codes: new CodeRepository(db),
    tokens: new TokenRepository(db),
    consents: new ConsentRepository(db),
    devices: new DeviceCodeRepository(db),
    rp: new RelyingPartyRepository(db, ctx.vault),
    /** The issuer is the idp origin, byte for byte (OIDC Discovery §3, RFC 8414 §2). */
    issuer: () => ctx.origins.idp,
    /** The `aud` the app origin's API accepts (RFC 9068 §4: a resource server checks that it is the audience). */
    apiAudience: () => `${ctx.origins.app}/api/oauth`,
    /** Demo client secrets are random per lab, sealed in settings so the UI can show them. */
    demoSecret: (clientId: string) =>
      ctx.settings.getOrCreateSecret(`oauth.demoSecret.${clientId}`, () => randomToken(32)),
    demoClients() {
      return DEMO_CLIENTS.map((spec) => ({
        clientId: spec.clientId,
        name: spec.name,
        kind: spec.kind,
        about: spec.about,
        tokenEndpointAuthMethod: spec.authMethod,
        clientSecret: spec.authMethod === 'none' ? null : lab.demoSecret(spec.clientId),
        grantTypes: spec.grantTypes,
        scope: spec.scope,
        redirectUris: spec.redirectUris(ctx.origins),
      }));
    },
    /**
     * (Re)writes the demo clients. Their redirect URIs name the running
     * origins' ports, which are known only once the listeners are up, so this
     * runs on the first request rather than at construction.
     */
    ensureDemoClients() {
      if (seededFor === ctx.origins.client) return;
      db.transaction(() => {
        for (const spec of DEMO_CLIENTS) {
          clients.insert(
            {
              clientId: spec.clientId,
              name: spec.name,
              secretHash: spec.authMethod === 'none' ? null : sha256(lab.demoSecret(spec.clientId)),
              kind: spec.kind,
              authMethod: spec.authMethod,
              redirectUris: spec.redirectUris(ctx.origins),
              grantTypes: spec.grantTypes,
              scope: spec.scope,
              demo: true,
              createdAt: ctx.clock.nowMs(),
            },
            true,
          );
        }
      })();
      seededFor = ctx.origins.client;
    },
    postLogoutRedirectUris: (clientId: string) =>
      DEMO_CLIENTS.find((spec) => spec.clientId === clientId)?.postLogoutRedirectUris?.(ctx.origins) ?? [],
    sweep: () => sweep(ctx.clock.nowMs()),
    /** A password reset or change: ends the user's Lab ID sessions, consents, codes and tokens (sign-out-everywhere.ts). */
    signOutEverywhere: signOutEverywhere(db),
    /** Wipes Lab ID's and Your App's state and the clients registered at run time (the demo clients stay). */
    reset: () => {
      wipeOAuthState(db);
      clients.deleteRegistered();
    },
  };
  let seededFor = '';
  const sweep = sweepExpired(db);
  return lab;
}

export type OAuthServices = ReturnType<typeof createOAuthServices>;
