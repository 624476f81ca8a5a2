import { OAUTH_LAB } from '../../../../common/labs';
import { OAUTH_ATTACK_IDS, type OAuthAttackId, type OAuthAttackResult } from '../../../../common/schemas/oauth';
import { LabError } from '../../../core/errors';
import { taggedFetch } from '../../../core/scripted-browser';
import { SignInStopped, demoAccount } from '../runs';
import type { OAuthServices } from '../services';
import { codeInterception } from './code-interception';
import { codeReplay } from './code-replay';
import { idTokenSubstitution } from './id-token-substitution';
import { implicitLeak } from './implicit-leak';
import { loginCsrf } from './login-csrf';
import { redirectUri } from './redirect-uri';
import type { OAuthAttack } from './scene';
import type { ToggleName } from '../../../../common/toggles';
import type { LabAttacks, ServerAttack } from '../../attack-kit';

export const ATTACK_IDS = OAUTH_ATTACK_IDS;
export type AttackId = OAuthAttackId;
export type AttackResult = OAuthAttackResult;

/** Every attack of the lab by id; a missing one does not compile. */
const ATTACKS: Record<AttackId, OAuthAttack> = {
  'code-interception': codeInterception,
  'redirect-uri': redirectUri,
  'login-csrf': loginCsrf,
  'code-replay': codeReplay,
  'implicit-leak': implicitLeak,
  'id-token-substitution': idTokenSubstitution,
};

/** The defence each attack tests, as the OAuth lab declares it (common/labs/oauth.ts). */
const TOGGLE_OF = Object.fromEntries(OAUTH_LAB.attacks.map((attack) => [attack.id, attack.defeats[0]])) as Record<
  AttackId,
  ToggleName
>;

/**
 * Runs one attack against the real servers, as the attacker and the victim
 * would, with the toggles as they are now. The verdict comes from what the
 * servers actually did, never from reading the toggle.
 */
export async function runAttack(lab: OAuthServices, id: AttackId): Promise<AttackResult> {
  lab.ensureDemoClients();
  const { run } = ATTACKS[id];
  const toggle = TOGGLE_OF[id];
  const defenceOn = lab.ctx.toggles.isOn(toggle);
  const steps: string[] = [];
  // Every request of the run, through its browsers or straight, carries the run's tag: a walkthrough
  // attempt never takes the attack's own traffic for the learner's.
  const tagged: OAuthServices = Object.create(lab, { fetch: { value: taggedFetch(lab.fetch) } }) as OAuthServices;
  try {
    return await run({
      lab: tagged,
      steps,
      victim: demoAccount(tagged, 'user@authlab.test'),
      attacker: demoAccount(tagged, 'admin@authlab.test'),
      issuer: lab.issuer(),
      origins: lab.ctx.origins,
      verdict: (succeeded, summary) => ({
        id,
        toggle,
        defenceOn,
        outcome: succeeded ? 'succeeded' : 'blocked',
        summary,
        steps,
      }),
    });
  } catch (error) {
    // An account that needs a code or is throttled proves nothing about the defence: say so, never "failed".
    if (error instanceof SignInStopped)
      throw new LabError(409, 'conflict', `Could not run: ${error.message}`, error.extra);
    throw error;
  }
}

/**
 * The same attacks for the attack catalogue ("Show me" and the self-check):
 * each runner is runAttack, so the lab's own route and the catalogue share
 * one implementation and one verdict.
 */
export function catalogueRunners(lab: OAuthServices): Required<LabAttacks<typeof OAUTH_LAB>['runners']> {
  const serverAttack = (id: AttackId): ServerAttack => ({
    run: async ({ say }) => {
      const result = await runAttack(lab, id);
      result.steps.forEach(say);
      return { succeeded: result.outcome === 'succeeded', summary: result.summary };
    },
  });
  return Object.fromEntries(ATTACK_IDS.map((id) => [id, serverAttack(id)])) as Record<AttackId, ServerAttack>;
}
