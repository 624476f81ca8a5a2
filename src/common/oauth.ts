import type { ToggleName } from './toggles';

/** The OAuth lab's shapes, shared by the server's lab routes and the renderer. */

export const OAUTH_ATTACK_IDS = [
  'code-interception',
  'redirect-uri',
  'login-csrf',
  'code-replay',
  'implicit-leak',
  'id-token-substitution',
] as const;
export type OAuthAttackId = (typeof OAUTH_ATTACK_IDS)[number];

export interface OAuthAttackResult {
  id: OAuthAttackId;
  toggle: ToggleName;
  defenceOn: boolean;
  outcome: 'succeeded' | 'blocked';
  summary: string;
  steps: string[];
}

export type FlowParty = 'Browser' | 'Your App' | 'Lab ID' | 'Lab API';

/** One step of a real run, as the flow viewer shows it. */
export interface FlowStep {
  id: string;
  title: string;
  /** front: through the browser (visible in its address bar); back: server to server; local: no network. */
  channel: 'front' | 'back' | 'local';
  from: FlowParty;
  to: FlowParty;
  request?: { method: string; url: string; body?: Record<string, string> };
  response?: { status: number; location?: string; body?: unknown };
  params?: Array<{ name: string; value: string; why: string }>;
}

export interface CodeFlowRun {
  steps: FlowStep[];
  verifier: string;
  challenge: string;
  state: string;
  nonce: string;
  code: string;
  iss: string;
  tokens: { accessToken: string | null; idToken: string | null; refreshToken: string | null };
}

export interface DemoClientView {
  clientId: string;
  name: string;
  kind: 'web' | 'spa' | 'native' | 'machine';
  about: string;
  tokenEndpointAuthMethod: string;
  clientSecret: string | null;
  grantTypes: string[];
  scope: string;
  redirectUris: string[];
}

export interface OAuthClientsView {
  issuer: string;
  discovery: string;
  apiAudience: string;
  clients: DemoClientView[];
}

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown> | null;
}
