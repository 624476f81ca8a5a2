import { OAUTH_LAB } from '../../../../common/labs';
import { api } from '../../api/client';
import {
  withRunners,
  type AttackResult,
  type AttackRunner,
  type AttackRunners,
} from '../../components/attack-catalogue';
import type { OAuthAttackId } from '../../../../common/schemas/oauth';

/**
 * Runs one attack on the lab server, which plays the victim's browser and the
 * attacker against the real Lab ID and Your App with the toggles as they are.
 */
const serverRun = (id: OAuthAttackId) => async (): Promise<AttackResult> => {
  const result = await api('POST /api/lab/oauth/attacks/:id', { params: { id } });
  return { succeeded: result.outcome === 'succeeded', summary: result.summary, steps: result.steps };
};

/** Pages on the attacker origin where you play the victim yourself, in this browser. */
export const OAUTH_ATTACKER_PAGES: Array<{ attack: OAuthAttackId; path: string; label: string }> = [
  { attack: 'login-csrf', path: '/oauth/login-csrf', label: 'Login CSRF: a "free coffee voucher" page' },
  { attack: 'redirect-uri', path: '/oauth/redirect-uri', label: 'Loose redirect_uri: a "shared notes" page' },
];

const onServer = (id: OAuthAttackId): AttackRunner => ({ run: serverRun(id) });

/** Every OAuth attack runs on the server; what it is and what it tests is declared in common/labs/oauth.ts. */
const RUNNERS: AttackRunners<typeof OAUTH_LAB> = {
  'code-interception': onServer('code-interception'),
  'redirect-uri': onServer('redirect-uri'),
  'login-csrf': onServer('login-csrf'),
  'code-replay': onServer('code-replay'),
  'implicit-leak': onServer('implicit-leak'),
  'id-token-substitution': onServer('id-token-substitution'),
};

/** The OAuth attacks, one per defence the lab can switch off. */
export const OAUTH_ATTACKS = withRunners(OAUTH_LAB, RUNNERS);
