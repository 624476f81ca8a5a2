/**
 * What a lab gives the attack catalogue (labs/attacks/): a server runner per
 * attack ("Show me" and the self-check) and the live checks of its hands-on
 * walkthroughs. Both are keyed by the ids the lab's declaration
 * (common/labs/<lab>.ts) names, so a missing runner or check does not compile.
 */
import type { Lab, LabAttackId } from '../../common/labs';
import type { TrafficEntry } from '../../common/schemas/lab';
import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';
import type { ScriptedBrowser } from '../core/scripted-browser';

/** What a server runner gets: the lab, fresh browsers for each party, and a place to say what it did. */
export interface AttackRunContext {
  ctx: LabContext;
  /** A new scripted browser with its own cookie jar (the attacker, the victim), over real HTTP to the real origins. */
  browser: () => ScriptedBrowser;
  /** Adds one line to what the run shows the learner ("Signed in as the victim", "GET /api/jwt/me → 200"). */
  say: (step: string) => void;
  /** Aborted when the learner stops the self-check. */
  signal: AbortSignal;
}

/**
 * One attack, performed by the server as the attacker (and a scripted victim)
 * would, with the toggles as they are. The verdict comes from what the
 * servers answered, never from reading a toggle.
 */
export interface ServerAttack {
  run: (run: AttackRunContext) => Promise<{ succeeded: boolean; summary: string }>;
}

/** What a walkthrough's checks see: the exchanges recorded since the attempt began, and pasted values. */
export interface WalkthroughEvidence {
  ctx: LabContext;
  /** Every exchange on the four origins since the attempt started, oldest first (masked as the recorder masks). */
  exchanges: readonly TrafficEntry[];
  /** What the learner pasted, by step id (the latest paste). */
  pasted: Readonly<Record<string, string>>;
  /** Whether the attack's defences were on when the attempt started. */
  defenceOn: boolean;
}

/** A step's check: what satisfied it (shown to the learner as evidence), or null while it has not happened. */
export type StepCheck = (evidence: WalkthroughEvidence) => string | null;

/** The checks of one attack's walkthrough: one per declared step, and the goal. */
export interface WalkthroughChecks {
  steps: Readonly<Record<string, StepCheck>>;
  /**
   * The goal: 'succeeded' when the attack worked (counts as exploited with the
   * defence off), 'refused' when the same attempt was turned away (counts as
   * blocked with the defence on), null while it has not been tried.
   */
  goal: (evidence: WalkthroughEvidence) => 'succeeded' | 'refused' | null;
}

/** A lab's part of the attack catalogue. Browser-only attacks (`runsIn: 'browser'`) have no server runner. */
export interface LabAttacks<L extends Lab> {
  runners: { [Id in LabAttackId<L>]?: ServerAttack };
  walkthroughs: { [Id in LabAttackId<L>]?: WalkthroughChecks };
}

/**
 * A run that could not be carried out (the lab throttles, an account is in
 * the way): a 409 that says why and what to do, never a verdict on the defence.
 */
export const cannotRun = (why: string, extra: Record<string, unknown> = {}) =>
  new LabError(409, 'conflict', `Could not run: ${why}`, extra);

/** The accounts each run made, by run: removed when the run ends. */
const throwaways = new WeakMap<AttackRunContext, Set<string>>();

/** Notes an account the run made (through the real register route or the lab's attack accounts). */
export function noteThrowaway(run: AttackRunContext, email: string): void {
  const made = throwaways.get(run) ?? new Set<string>();
  throwaways.set(run, made.add(email));
}

/**
 * The attack, leaving no trace: once it ends, however it ends, every account
 * it noted is removed with its mail, through the lab's own repositories, so
 * runs do not pile up users and reset links. Demo accounts are never removed.
 */
export const leavingNoAccounts = (attack: ServerAttack): ServerAttack => ({
  async run(run) {
    try {
      return await attack.run(run);
    } finally {
      for (const email of throwaways.get(run) ?? []) {
        run.ctx.users.removeUnlessDemo(email);
        run.ctx.mailer.forgetMailTo(email);
      }
      throwaways.delete(run);
    }
  },
});
