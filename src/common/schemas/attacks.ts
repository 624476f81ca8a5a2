/**
 * The attack catalogue's shapes (`#/attacks`, docs/API.md "Attack catalogue"):
 * every attack from the lab registry with the learner's progress, one run of
 * an attack with its defence on or off, the self-check of every defence, and
 * a hands-on walkthrough attempt whose steps the server checks live.
 */
import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from './common';

export const ATTACK_STATUSES = ['not-tried', 'exploited', 'blocked', 'both'] as const;
export type AttackStatus = (typeof ATTACK_STATUSES)[number];

export const AttackParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** The learner's progress on one attack; both times survive restarts and Reset lab. */
export const AttackProgress = Type.Object({
  status: StringEnum(ATTACK_STATUSES),
  /** When the learner first reached the goal with the defence off (lab clock, ISO), or null. */
  exploitedAt: Nullable(Type.String()),
  /** When the learner first saw the same attempt refused with the defence on, or null. */
  blockedAt: Nullable(Type.String()),
});
export type AttackProgress = Static<typeof AttackProgress>;

/** One catalogue entry: the registry's metadata plus progress and the defences' current state. */
export const AttackCatalogueEntry = Type.Object({
  id: Type.String(),
  lab: Type.String(),
  labTitle: Type.String(),
  title: Type.String(),
  step: Nullable(Type.String()),
  difficulty: StringEnum(['beginner', 'practitioner', 'expert']),
  references: Type.Array(Type.String()),
  defeats: Type.Array(Type.Object({ toggle: Type.String(), label: Type.String(), on: Type.Boolean() })),
  runsIn: StringEnum(['server', 'browser']),
  hasWalkthrough: Type.Boolean(),
  progress: AttackProgress,
});
export type AttackCatalogueEntry = Static<typeof AttackCatalogueEntry>;

export const AttackCatalogue = Type.Object({
  attacks: Type.Array(AttackCatalogueEntry),
  summary: Type.Object({
    total: Type.Integer(),
    exploited: Type.Integer(),
    blocked: Type.Integer(),
    both: Type.Integer(),
    perLab: Type.Array(
      Type.Object({
        lab: Type.String(),
        title: Type.String(),
        total: Type.Integer(),
        both: Type.Integer(),
        tried: Type.Integer(),
      }),
    ),
  }),
});
export type AttackCatalogue = Static<typeof AttackCatalogue>;

export const AttackRunBody = Type.Object({ defence: StringEnum(['on', 'off']) }, { additionalProperties: false });
export type AttackRunBody = Static<typeof AttackRunBody>;

/** One run of an attack by the server ("Show me", the self-check): the verdict comes from what the servers did. */
export const AttackRunResult = Type.Object({
  id: Type.String(),
  defence: StringEnum(['on', 'off']),
  outcome: StringEnum(['succeeded', 'blocked']),
  summary: Type.String(),
  steps: Type.Array(Type.String()),
  durationMs: Type.Number(),
});
export type AttackRunResult = Static<typeof AttackRunResult>;

/** One event of the self-check's stream (NDJSON lines on POST /api/lab/attacks/check-all). */
export const SelfCheckEvent = Type.Union([
  Type.Object({ type: Type.Literal('start'), total: Type.Integer() }),
  Type.Object({
    type: Type.Literal('row'),
    index: Type.Integer(),
    id: Type.String(),
    /** Off: the attack succeeded with only its defence off. On: it was refused with the defence on. */
    offExploited: Type.Boolean(),
    onBlocked: Type.Boolean(),
    /** Set when the row could not be run (e.g. a browser-only attack, or an error), with the reason. */
    skipped: Nullable(Type.String()),
    off: Nullable(AttackRunResult),
    on: Nullable(AttackRunResult),
  }),
  Type.Object({
    type: Type.Literal('done'),
    stopped: Type.Boolean(),
    restored: Type.Boolean(),
    durationMs: Type.Number(),
  }),
]);
export type SelfCheckEvent = Static<typeof SelfCheckEvent>;

/** A walkthrough attempt: which steps the server has seen happen, live. */
export const WalkthroughStepState = Type.Object({
  id: Type.String(),
  done: Type.Boolean(),
  /** What the server saw that satisfied the step (e.g. "GET /api/jwt/me → 200 with alg none"), or why a paste was refused. */
  evidence: Nullable(Type.String()),
});
export const WalkthroughAttempt = Type.Object({
  attackId: Type.String(),
  startedAt: Type.String(),
  /** The defence state when the attempt started (a change restarts the attempt). */
  defence: StringEnum(['on', 'off']),
  steps: Type.Array(WalkthroughStepState),
  /** Set once the goal's check passed: 'exploited' (defence off) or 'blocked' (defence on). */
  result: Type.Union([StringEnum(['exploited', 'blocked']), Type.Null()]),
  /** Why the attempt is as it is: it restarted (a toggle changed, Reset lab), or the goal was seen with the wrong defence state. */
  note: Type.Optional(Nullable(Type.String())),
});
export type WalkthroughAttempt = Static<typeof WalkthroughAttempt>;

export const WalkthroughPasteBody = Type.Object(
  { step: Type.String({ minLength: 1, maxLength: 64 }), value: Type.String({ maxLength: 16384 }) },
  { additionalProperties: false },
);
export type WalkthroughPasteBody = Static<typeof WalkthroughPasteBody>;

/** A browser-only run by the page: while its lease is open, attempts ignore traffic and toggle flips. */
export const PageRunLease = Type.Object({ lease: Type.String(), expiresInMs: Type.Integer() });
export type PageRunLease = Static<typeof PageRunLease>;
export const PageRunLeaseParams = Type.Object({ lease: Type.String({ minLength: 1, maxLength: 64 }) });
export const PageRunEnded = Type.Object({ ended: Type.Boolean() });
export type PageRunEnded = Static<typeof PageRunEnded>;
