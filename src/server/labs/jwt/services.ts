import type { AccessTokens } from './access-tokens';
import type { RefreshFamilies } from './families';
import type { JwtKeyStore } from './keys';
import type { RefreshTokens } from './refresh-tokens';
import type { TokenRevocations } from './revocations';

/** The JWT lab's services: what its routes use. */
export interface JwtServices {
  keys: JwtKeyStore;
  access: AccessTokens;
  refresh: RefreshTokens;
  revocations: TokenRevocations;
  families: RefreshFamilies;
  secretWords: readonly string[];
}
