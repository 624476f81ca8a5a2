import type { LabContext } from '../../core/context';
import type { LabModule } from '../lab-module';
import { AccessTokens } from './access-tokens';
import { RefreshFamilies } from './families';
import { jwksRoute } from './key-routes';
import { jwtLabRoutes } from './lab-routes';
import { JwtKeyStore, loadSecretWords } from './keys';
import { RefreshTokens } from './refresh-tokens';
import { TokenRevocations } from './revocations';
import { jwtRoutes } from './routes';
import type { JwtServices } from './services';

export type { JwtServices } from './services';

export type JwtLab = LabModule & JwtServices;

/**
 * The JWT lab (README, "JWT lab"): signing keys, access and refresh tokens,
 * revocation. Owns its repositories, its reset and its sweeps.
 */
export function createJwtLab(ctx: LabContext): JwtLab {
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
  ctx.resetHandlers.push(() => {
    services.families.clear();
    revocations.clear();
    keys.wipe();
  });
  // Dead deny-list rows and retired keys are bookkeeping the page never shows: swept on the timer and on every clock jump.
  ctx.sweeper.add('jwt denylist', () => revocations.sweep(), { onClockJump: true });
  ctx.sweeper.add('jwt retired keys', () => keys.pruneRetired(), { onClockJump: true });
  return {
    ...services,
    name: 'jwt',
    routes: async (app) => {
      await app.register(jwksRoute(services));
      await app.register(jwtRoutes(ctx, services));
      await app.register(jwtLabRoutes(services));
    },
  };
}
