import type { CrackProgress } from '../../../common/jwt-inspect';
import type { AttackDeclaration } from '../../../common/lab-registry';
import type { Lab, LabAttackId } from '../../../common/labs';
import type { ToggleName } from '../../../common/toggles';
import type { Store } from '../store';

export { textOf, type AttackText, type AttackView } from '../../../common/lab-registry';

/** What one run of an attack did and why it ended that way. */
export interface AttackResult {
  /** True when the attacker got what they wanted. */
  succeeded: boolean;
  /** One line on the outcome, shown beside "Attack succeeded / failed". */
  summary?: string;
  /** What happened, step by step, in order. */
  steps: string[];
  /** Why it worked or failed, naming the defence. Without one, the card explains the defence's switch. */
  verdict?: string;
}

/** What an attack gets to work with while it runs. */
export interface AttackContext {
  get: () => Store;
  set: (partial: Partial<Store>) => void;
  /** Reports how far a long attack (a dictionary crack) has got. */
  progress: (progress: CrackProgress) => void;
  /**
   * The attacker's window, opened on `attackerPage` inside the click (a pop-up
   * blocker allows nothing later). Null when the attack needs none or the
   * browser blocked it. The app's Cross-Origin-Opener-Policy cuts it off from
   * the lab page once the attacker's page loads, so only its own pages can close it.
   */
  attackerWindow: Window | null;
  /** A tag unique to this run, so the attack finds its own requests in the traffic log. */
  runTag: string;
}

/**
 * What the renderer adds to a declared attack (common/labs/<lab>.ts): how it
 * runs from this page. Everything the card says comes from the declaration.
 */
export interface AttackRunner {
  run: (ctx: AttackContext) => Promise<AttackResult>;
  /** Why the attack cannot run right now (shown on the card), or null. */
  precondition?: (get: () => Store) => string | null;
  /** The attacker's page, when its path depends on the run (the declaration holds a fixed one). */
  attackerPage?: (runTag: string) => string;
}

/** One runner per attack the lab declares: a declared attack without its runner does not compile. */
export type AttackRunners<L extends Lab> = Record<LabAttackId<L>, AttackRunner>;

/** A declared attack with its runner: what the attack card shows and the attack slice runs. */
export type AttackEntry = Omit<AttackDeclaration<ToggleName>, 'attackerPage'> & AttackRunner;

/** Joins a lab's declared attacks with their runners, in the declaration's order. */
export function withRunners<L extends Lab>(lab: L, runners: AttackRunners<L>): AttackEntry[] {
  return lab.attacks.map((attack: AttackDeclaration) => {
    const runner: AttackRunner = runners[attack.id as LabAttackId<L>];
    const fixedPage = attack.attackerPage;
    return {
      ...(attack as AttackDeclaration<ToggleName>),
      ...runner,
      attackerPage: runner.attackerPage ?? (fixedPage === undefined ? undefined : () => fixedPage),
    };
  });
}
