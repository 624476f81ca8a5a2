import type { AttackView } from '../../components/attack-catalogue';
import type { AttackEntry } from '../../components/attack-catalogue';
import type { Store } from '../../store';
import { JWT_ATTACKS } from '../jwt-lab/attack-catalogue';
import { MFA_ATTACKS } from '../mfa-lab/attack-catalogue';
import { OAUTH_ATTACKS } from '../oauth-lab/attack-catalogue';
import { PASSWORD_ATTACKS } from '../password-lab/attack-catalogue';
import { RATELIMIT_ATTACKS } from '../ratelimit-lab/attack-catalogue';
import { SESSION_ATTACKS } from '../session-lab/attack-catalogue';

/**
 * Every lab page's attacks with their in-page runners, by id: what "Show me"
 * and the self-check run in this real browser for an attack declared
 * `runsIn: 'browser'` (it needs document.cookie, SameSite, localStorage…).
 */
export const PAGE_ATTACKS: ReadonlyMap<string, AttackEntry> = new Map(
  [...SESSION_ATTACKS, ...JWT_ATTACKS, ...OAUTH_ATTACKS, ...MFA_ATTACKS, ...PASSWORD_ATTACKS, ...RATELIMIT_ATTACKS].map(
    (attack) => [attack.id, attack],
  ),
);

/** The lab as the attack texts read it: the JWT lab's current signing algorithm, when its keys are loaded. */
export function attackViewOf(store: Store): AttackView {
  const signingAlg = store.jwtKeys.find((k) => k.purpose === 'access' && k.retireAt === null && !k.weak)?.alg;
  return signingAlg ? { signingAlg } : {};
}
