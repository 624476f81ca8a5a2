import { JWT_LAB } from '../../../common/labs/jwt';
import type { LabContext } from '../../core/context';
import type { LabAttacks } from '../attack-kit';
import type { LabModule } from '../lab-module';
import { JWT_RUNNERS } from './attacks';
import { AccessTokens } from './access-tokens';
import { RefreshFamilies } from './families';
import { jwksRoute } from './key-routes';
import { jwtLabRoutes } from './lab-routes';
import { JwtKeyStore, loadSecretWords } from './keys';
import { JWT_MIGRATIONS } from './migrations';
import { RefreshTokens } from './refresh-tokens';
import { TokenRevocations } from './revocations';
import { jwtRoutes } from './routes';
import type { JwtServices } from './services';
import { jwtWalkthroughChecks } from './walkthroughs';

export type { JwtServices } from './services';

export type JwtLab = ReturnType<typeof createJwtLab>;

/**
 * The JWT lab (docs/labs/jwt.md): signing keys, access and refresh tokens,
 * revocation. Owns its repositories, its reset and its sweeps.
 */
export function createJwtLab(ctx: LabContext) {
  const secretWords = loadSecretWords(ctx.config.resourcesDir);
  const keys = new JwtKeyStore(ctx, secretWords);
  const revocations = new TokenRevocations(ctx);
  const services: JwtServices = {
    keys,
    access: new AccessTokens(ctx, keys, revocations),
    refresh: new RefreshTokens(ctx, keys),
    revocations,
    families: new RefreshFamilies(ctx.db),
    secretWords,
  };
  const module = {
    name: 'jwt',
    declaration: JWT_LAB,
    migrations: JWT_MIGRATIONS,
    reset: () => {
      services.families.clear();
      revocations.clear();
      keys.wipe();
    },
    // Dead deny-list rows and retired keys are bookkeeping the page never shows: swept on the timer and on every clock jump.
    sweeps: [
      { name: 'jwt denylist', sweep: () => revocations.sweep(), onClockJump: true },
      { name: 'jwt retired keys', sweep: () => keys.pruneRetired(), onClockJump: true },
    ],
    attacks: { runners: JWT_RUNNERS, walkthroughs: jwtWalkthroughChecks(keys) } satisfies LabAttacks<typeof JWT_LAB>,
    apiTag: { name: 'jwt', description: 'JWT lab: bearer access tokens, rotating refresh cookie, keys and JWKS' },
    routes: {
      app: async (app) => {
        await app.register(jwksRoute(services));
        await app.register(jwtRoutes(ctx, services));
        await app.register(jwtLabRoutes(services));
      },
    },
  } satisfies LabModule;
  // The keys and tokens are what other labs (bearer logins) and the tests use.
  return { ...module, ...services };
}
