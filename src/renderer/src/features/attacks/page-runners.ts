import type { AttackEntry, AttackResult, AttackView } from '../../components/attack-catalogue';
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

const SESSION_ATTACK_IDS = new Set(SESSION_ATTACKS.map((attack) => attack.id));

/**
 * What a session attack needs before it runs from here: a session whose
 * cookie was issued with the switches as they are now (a cookie's flags are
 * fixed when it is set, RFC 6265bis §5.7), so the catalogue signs a demo
 * account without MFA in first, as the learner would on the session lab page.
 */
async function signInForSessionAttack(get: () => Store): Promise<void> {
  const victim = get().accounts.find((account) => !account.mfa);
  if (!victim) throw new Error('No demo account without MFA to sign in with.');
  await get().sessionLogin(victim.email, victim.password, false);
  if (!get().sessionUser) throw new Error(get().sessionError ?? 'Could not sign in for this attack.');
}

/**
 * Runs a browser-only attack with its lab page's runner, here in the real
 * browser, and gives back what it did; a run that could not finish throws why.
 */
export async function runInPage(get: () => Store, id: string): Promise<AttackResult> {
  const attack = PAGE_ATTACKS.get(id);
  if (!attack) throw new Error('This attack has no runner in the page.');
  if (SESSION_ATTACK_IDS.has(id)) await signInForSessionAttack(get);
  await get().runAttack(attack, attackViewOf(get()));
  const run = get().attackRuns[id];
  if (run?.error || !run?.result) throw new Error(run?.error ?? 'The page runner gave no result.');
  return run.result;
}
