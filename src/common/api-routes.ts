/**
 * The app origin's HTTP contract as one map: for each `METHOD /path` the
 * TypeBox schemas of what it takes (params, query, body) and what it answers
 * with on success. The renderer calls routes by these keys (api/client.ts),
 * so a body or an answer cannot drift from the schema the route validates
 * with. `:name` in a path is filled from `params`.
 */
import { Type, type Static, type TSchema } from 'typebox';
import {
  AttackCatalogue,
  AttackParams,
  AttackRunBody,
  AttackRunResult,
  PageRunEnded,
  PageRunLease,
  PageRunLeaseParams,
  WalkthroughAttempt,
  WalkthroughPasteBody,
} from './schemas/attacks';
import { EmptyBody } from './schemas/common';
import {
  DeckExportParams,
  DeckExportQuery,
  DeckImportBody,
  DeckImported,
  Decks,
  DrillCards,
  DrillStatsView,
  DueCards,
  DueQuery,
  ProgressFileView,
  ProgressImported,
  ReviewBody,
  ReviewResultView,
} from './schemas/drills';
import {
  AdminResponse,
  FamiliesResponse,
  JwksResponse,
  JwtKeyInfo,
  JwtLoginBody,
  JwtLoginResponse,
  JwtMeResponse,
  JwtMfaBody,
  LogoutAllResponse,
  LogoutResponse,
  RotateBody,
  TokenResponse,
  WordlistResponse,
} from './schemas/jwt';
import {
  ClockChange,
  DemoAccount,
  InboxMail,
  LabClockState,
  LabMeta,
  LabResetResponse,
  RegisterAccepted,
  RegisterBody,
  ToggleChanges,
  ToggleStateView,
  TrafficEntry,
  TrafficQuery,
} from './schemas/lab';
import {
  AttackAccount,
  AttackAccountBody,
  AuthenticatorBody,
  AuthenticatorView,
  EndOtherSessionsResponse,
  MfaCodeBody,
  MfaDisableBody,
  MfaDisableResponse,
  MfaSetup,
  MfaStatus,
  RecoveryCodesResponse,
  StepUpBody,
  StepUpResponse,
  TransferBody,
  TransferResponse,
} from './schemas/mfa';
import {
  ClientCredentialsRun,
  CodeFlowRun,
  CodeFlowRunBody,
  DevicePollBody,
  HttpAnswer,
  OAuthAttackParams,
  OAuthAttackResult,
  OAuthClientsView,
  RefreshRunBody,
  VictimOpenBody,
  VictimVisit,
} from './schemas/oauth';
import {
  CostBody,
  CostResponse,
  DemoHashBody,
  DemoHashResponse,
  ForgotAccepted,
  ForgotBody,
  ResetBody,
  ResetResponse,
  StoredPassword,
  StoredQuery,
  StoredResets,
  StrengthBody,
  StrengthResponse,
} from './schemas/password';
import { GiveBackFailuresBody, GiveBackFailuresResponse } from './schemas/password-enumeration';
import {
  RateLimitClient,
  RateLimitCounters,
  RateLimitCountersQuery,
  RateLimitGiveBackBody,
  RateLimitGiveBackResponse,
  RateLimitResetBody,
  RateLimitResetResponse,
  RateLimitOwnerSignIn,
  RateLimitOwnerSignInBody,
} from './schemas/ratelimit';
import {
  CookieReport,
  CopyCookieResult,
  CsrfTokenResponse,
  EndSessionResponse,
  ReplayBody,
  ReplayResult,
  SessionLoginBody,
  SessionLoginResponse,
  SessionLogoutResponse,
  SessionMfaBody,
  SessionRowView,
  SessionSummary,
  SessionUserResponse,
} from './schemas/session';

/** What one route takes and answers. */
export interface RouteContract {
  params?: TSchema;
  query?: TSchema;
  body?: TSchema;
  answer: TSchema;
}

export const API_ROUTES = {
  // Lab control (API.md, "Lab control")
  'GET /api/meta': { answer: LabMeta },
  'GET /api/lab/accounts': { answer: Type.Array(DemoAccount) },
  'GET /api/lab/inbox': { answer: Type.Array(InboxMail) },
  'GET /api/lab/toggles': { answer: ToggleStateView },
  'PUT /api/lab/toggles': { body: ToggleChanges, answer: ToggleStateView },
  'GET /api/lab/clock': { answer: LabClockState },
  'POST /api/lab/clock': { body: ClockChange, answer: LabClockState },
  'POST /api/lab/reset': { answer: LabResetResponse },
  'GET /api/lab/traffic': { query: TrafficQuery, answer: Type.Array(TrafficEntry) },
  'POST /api/auth/register': { body: RegisterBody, answer: RegisterAccepted },

  // Session lab
  'POST /api/session/login': { body: SessionLoginBody, answer: SessionLoginResponse },
  'POST /api/session/login/mfa': { body: SessionMfaBody, answer: SessionLoginResponse },
  'GET /api/session/me': { answer: SessionUserResponse },
  'GET /api/session/csrf': { answer: CsrfTokenResponse },
  'POST /api/session/logout': { answer: SessionLogoutResponse },
  'GET /api/session/sessions': { answer: Type.Array(SessionSummary) },
  'DELETE /api/session/sessions/:id': { params: Type.Object({ id: Type.String() }), answer: EndSessionResponse },
  'GET /api/lab/session/cookie': { answer: CookieReport },
  'GET /api/lab/session/rows/:handle': { params: Type.Object({ handle: Type.String() }), answer: SessionRowView },
  'POST /api/lab/session/attacker/copy-cookie': { answer: CopyCookieResult },
  'POST /api/lab/session/attacker/replay': { body: ReplayBody, answer: ReplayResult },

  // JWT lab
  'POST /api/jwt/login': { body: JwtLoginBody, answer: JwtLoginResponse },
  'POST /api/jwt/login/mfa': { body: JwtMfaBody, answer: TokenResponse },
  'POST /api/jwt/refresh': { body: EmptyBody, answer: TokenResponse },
  'POST /api/jwt/logout': { body: EmptyBody, answer: LogoutResponse },
  'POST /api/jwt/logout-all': { body: EmptyBody, answer: LogoutAllResponse },
  'GET /api/jwt/me': { answer: JwtMeResponse },
  'GET /api/jwt/admin': { answer: AdminResponse },
  'POST /api/jwt/keys/rotate': { body: RotateBody, answer: JwtKeyInfo },
  'GET /.well-known/jwks.json': { answer: JwksResponse },
  'GET /api/lab/jwt/keys': { answer: Type.Array(JwtKeyInfo) },
  'GET /api/lab/jwt/families': { answer: FamiliesResponse },
  'GET /api/lab/jwt/wordlist': { answer: WordlistResponse },

  // MFA lab
  'GET /api/mfa/status': { answer: MfaStatus },
  'POST /api/mfa/setup': { body: EmptyBody, answer: MfaSetup },
  'POST /api/mfa/verify': { body: MfaCodeBody, answer: RecoveryCodesResponse },
  'POST /api/mfa/recovery-codes': { body: MfaCodeBody, answer: RecoveryCodesResponse },
  'POST /api/mfa/disable': { body: MfaDisableBody, answer: MfaDisableResponse },
  'POST /api/mfa/end-other-sessions': { body: EmptyBody, answer: EndOtherSessionsResponse },
  'POST /api/auth/step-up': { body: StepUpBody, answer: StepUpResponse },
  'POST /api/bank/transfer': { body: TransferBody, answer: TransferResponse },
  'POST /api/lab/mfa/authenticator': { body: AuthenticatorBody, answer: AuthenticatorView },
  'POST /api/lab/mfa/attack-account': { body: AttackAccountBody, answer: AttackAccount },

  // Password lab
  'POST /api/password/forgot': { body: ForgotBody, answer: ForgotAccepted },
  'POST /api/password/reset': { body: ResetBody, answer: ResetResponse },
  'GET /api/lab/password/resets': { answer: StoredResets },
  'POST /api/lab/password/strength': { body: StrengthBody, answer: StrengthResponse },
  'POST /api/lab/password/cost': { body: CostBody, answer: CostResponse },
  'GET /api/lab/password/stored': { query: StoredQuery, answer: StoredPassword },
  'POST /api/lab/password/demo-hash': { body: DemoHashBody, answer: DemoHashResponse },
  'POST /api/lab/password/give-back-failures': { body: GiveBackFailuresBody, answer: GiveBackFailuresResponse },

  // Rate-limit lab
  'GET /api/lab/ratelimit/counters': { query: RateLimitCountersQuery, answer: RateLimitCounters },
  'POST /api/lab/ratelimit/reset': { body: RateLimitResetBody, answer: RateLimitResetResponse },
  'POST /api/lab/ratelimit/give-back': { body: RateLimitGiveBackBody, answer: RateLimitGiveBackResponse },
  'GET /api/lab/ratelimit/client': { answer: RateLimitClient },
  'POST /api/lab/ratelimit/owner-sign-in': { body: RateLimitOwnerSignInBody, answer: RateLimitOwnerSignIn },

  // OAuth lab (the app origin's lab helpers)
  'GET /api/lab/oauth/clients': { answer: OAuthClientsView },
  'GET /api/lab/oauth/jwks': { answer: JwksResponse },
  'POST /api/lab/oauth/run/code-flow': { body: CodeFlowRunBody, answer: CodeFlowRun },
  'POST /api/lab/oauth/run/client-credentials': { answer: ClientCredentialsRun },
  'POST /api/lab/oauth/run/refresh': { body: RefreshRunBody, answer: HttpAnswer },
  'POST /api/lab/oauth/run/device': { answer: HttpAnswer },
  'POST /api/lab/oauth/run/device/poll': { body: DevicePollBody, answer: HttpAnswer },
  'POST /api/lab/oauth/attacks/:id': { params: OAuthAttackParams, answer: OAuthAttackResult },
  'POST /api/lab/oauth/victim/open': { body: VictimOpenBody, answer: VictimVisit },

  // Attack catalogue (every lab's attacks, progress, runs, walkthroughs; the self-check streams NDJSON at POST /api/lab/attacks/check-all)
  'GET /api/lab/attacks': { answer: AttackCatalogue },
  'POST /api/lab/attacks/:id/run': { params: AttackParams, body: AttackRunBody, answer: AttackRunResult },
  'POST /api/lab/attacks/check-all/stop': { body: EmptyBody, answer: Type.Object({ stopping: Type.Boolean() }) },
  'POST /api/lab/attacks/progress/reset': { body: EmptyBody, answer: AttackCatalogue },
  'POST /api/lab/attacks/:id/attempt': { params: AttackParams, body: EmptyBody, answer: WalkthroughAttempt },
  'GET /api/lab/attacks/:id/attempt': { params: AttackParams, answer: WalkthroughAttempt },
  'POST /api/lab/attacks/:id/attempt/paste': {
    params: AttackParams,
    body: WalkthroughPasteBody,
    answer: WalkthroughAttempt,
  },
  'POST /api/lab/attacks/:id/page-run': { params: AttackParams, body: EmptyBody, answer: PageRunLease },
  'POST /api/lab/attacks/page-run/:lease/end': { params: PageRunLeaseParams, body: EmptyBody, answer: PageRunEnded },

  // Interview drills
  'GET /api/drills/cards': { answer: DrillCards },
  'GET /api/drills/due': { query: DueQuery, answer: DueCards },
  'GET /api/drills/stats': { answer: DrillStatsView },
  'POST /api/drills/reviews': { body: ReviewBody, answer: ReviewResultView },
  'GET /api/drills/decks': { answer: Decks },
  'POST /api/drills/decks': { body: DeckImportBody, answer: DeckImported },
  'GET /api/drills/decks/:topic/export': { params: DeckExportParams, query: DeckExportQuery, answer: Type.Unknown() },
  'GET /api/drills/progress': { answer: ProgressFileView },
  'POST /api/drills/progress': { body: Type.Unknown(), answer: ProgressImported },
} as const satisfies Record<string, RouteContract>;

export type RouteKey = keyof typeof API_ROUTES;
type Contract<K extends RouteKey> = (typeof API_ROUTES)[K];
// Distributes over a union of keys (`GET ${path}`), so each route keeps its own types.
type Part<K extends RouteKey, P extends keyof RouteContract> = K extends RouteKey
  ? Contract<K> extends Record<P, infer S extends TSchema>
    ? Static<S>
    : undefined
  : never;

export type ParamsOf<K extends RouteKey> = Part<K, 'params'>;
export type QueryOf<K extends RouteKey> = Part<K, 'query'>;
export type BodyOf<K extends RouteKey> = Part<K, 'body'>;
export type AnswerOf<K extends RouteKey> = Part<K, 'answer'>;

/** The HTTP method and the path template of a route key. */
export function routeParts(route: RouteKey): { method: string; template: string } {
  const space = route.indexOf(' ');
  return { method: route.slice(0, space), template: route.slice(space + 1) };
}
