import type { OAuthAttackId, OAuthAttackResult } from '../../../../common/schemas/oauth';
import type { demoAccount } from '../runs';
import type { OAuthServices } from '../services';

/** What every attack starts from: the lab, its two demo users, and the steps it narrates. */
export interface AttackScene {
  lab: OAuthServices;
  steps: string[];
  victim: ReturnType<typeof demoAccount>;
  attacker: ReturnType<typeof demoAccount>;
  issuer: string;
  origins: OAuthServices['ctx']['origins'];
  /** The outcome, read from what the servers did: true when the attack got through. */
  verdict: (succeeded: boolean, summary: string) => OAuthAttackResult;
}

/** One attack of the OAuth lab: how it runs against the real servers (the toggle it defeats is declared in common/labs/oauth.ts). */
export interface OAuthAttack {
  id: OAuthAttackId;
  run: (scene: AttackScene) => Promise<OAuthAttackResult>;
}

export const form = (params: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(params).toString(),
});

export function authorizeUrl(lab: OAuthServices, params: Record<string, string>) {
  const url = new URL(`${lab.issuer()}/authorize`);
  url.search = new URLSearchParams({ response_type: 'code', ...params }).toString();
  return url.toString();
}
