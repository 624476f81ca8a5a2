/** The OAuth lab's answer shapes on the app origin (docs/labs/oauth.md); see common.ts. */
import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from './common';

export const OAUTH_ATTACK_IDS = [
  'code-interception',
  'redirect-uri',
  'login-csrf',
  'code-replay',
  'implicit-leak',
  'id-token-substitution',
] as const;
export type OAuthAttackId = (typeof OAUTH_ATTACK_IDS)[number];

export const OAuthAttackParams = Type.Object({ id: StringEnum(OAUTH_ATTACK_IDS) });

/** One run of an attack against the real Lab ID and Your App. */
export const OAuthAttackResult = Type.Object({
  id: Type.String(),
  toggle: Type.String(),
  defenceOn: Type.Boolean(),
  outcome: Type.Union([Type.Literal('succeeded'), Type.Literal('blocked')]),
  summary: Type.String(),
  steps: Type.Array(Type.String()),
});
export type OAuthAttackResult = Static<typeof OAuthAttackResult> & { id: OAuthAttackId };

const FlowParty = Type.Union([
  Type.Literal('Browser'),
  Type.Literal('Your App'),
  Type.Literal('Lab ID'),
  Type.Literal('Lab API'),
]);
export type FlowParty = Static<typeof FlowParty>;

/** One step of a real run, as the flow viewer shows it. */
export const FlowStep = Type.Object({
  id: Type.String(),
  title: Type.String(),
  /** front: through the browser (visible in its address bar); back: server to server; local: no network. */
  channel: Type.Union([Type.Literal('front'), Type.Literal('back'), Type.Literal('local')]),
  from: FlowParty,
  to: FlowParty,
  request: Type.Optional(
    Type.Object({
      method: Type.String(),
      url: Type.String(),
      body: Type.Optional(Type.Record(Type.String(), Type.String())),
    }),
  ),
  response: Type.Optional(
    Type.Object({
      status: Type.Integer(),
      location: Type.Optional(Type.String()),
      body: Type.Optional(Type.Unknown()),
    }),
  ),
  params: Type.Optional(Type.Array(Type.Object({ name: Type.String(), value: Type.String(), why: Type.String() }))),
});
export type FlowStep = Static<typeof FlowStep>;

export const CodeFlowRunBody = Type.Object(
  { email: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })) },
  { additionalProperties: false },
);

export const CodeFlowRun = Type.Object({
  steps: Type.Array(FlowStep),
  /** The demo account the run signed in as. */
  account: Type.String(),
  /** Set when Lab ID stopped the run at sign-in: why, and the ways on. */
  stopped: Type.Optional(
    Type.Object({
      reason: Type.Union([Type.Literal('mfa_required'), Type.Literal('throttled'), Type.Literal('refused')]),
      message: Type.String(),
    }),
  ),
  verifier: Type.String(),
  challenge: Type.String(),
  state: Type.String(),
  nonce: Type.String(),
  code: Type.String(),
  iss: Type.String(),
  tokens: Type.Object({
    accessToken: Nullable(Type.String()),
    idToken: Nullable(Type.String()),
    refreshToken: Nullable(Type.String()),
  }),
});
export type CodeFlowRun = Static<typeof CodeFlowRun>;

export const DemoClientView = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('web'), Type.Literal('spa'), Type.Literal('native'), Type.Literal('machine')]),
  about: Type.String(),
  tokenEndpointAuthMethod: Type.String(),
  clientSecret: Nullable(Type.String()),
  grantTypes: Type.Array(Type.String()),
  scope: Type.String(),
  redirectUris: Type.Array(Type.String()),
});
export type DemoClientView = Static<typeof DemoClientView>;

export const OAuthClientsView = Type.Object({
  issuer: Type.String(),
  discovery: Type.String(),
  apiAudience: Type.String(),
  clients: Type.Array(DemoClientView),
});
export type OAuthClientsView = Static<typeof OAuthClientsView>;

/** What one back-channel call answered: its status and JSON body. */
export const HttpAnswer = Type.Object({
  status: Type.Integer(),
  body: Nullable(Type.Record(Type.String(), Type.Unknown())),
});
export type HttpAnswer = Static<typeof HttpAnswer>;

export const RefreshRunBody = Type.Object(
  { refresh_token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const DevicePollBody = Type.Object(
  { device_code: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const ClientCredentialsRun = Type.Object({ token: HttpAnswer, api: HttpAnswer });

/** POST /api/lab/oauth/victim/open: the link the learner (as the attacker) sends the scripted victim. */
export const VictimOpenBody = Type.Object(
  { url: Type.String({ minLength: 1, maxLength: 4096 }) },
  { additionalProperties: false },
);

/** What the scripted victim's browser did with the link, and who it is logged in to Your App as afterwards. */
export const VictimVisit = Type.Object({
  /** Each request the victim's browser made, as "METHOD origin/path → status" (query strings left out). */
  hops: Type.Array(Type.String()),
  /** The status of the last page the victim saw. */
  finalStatus: Type.Integer(),
  /** The email Your App's page greets the victim's browser with afterwards ("Logged in as …"), or null. */
  yourAppSignedInAs: Nullable(Type.String()),
});
export type VictimVisit = Static<typeof VictimVisit>;
