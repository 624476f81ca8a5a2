import type { CrackProgress } from '../../../common/jwt-inspect';
import type { ToggleName } from '../../../common/toggles';
import type { Store } from '../store';

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

/** The lab as it is now, for card text that depends on it (e.g. the algorithm of the signing key in use). */
export interface AttackView {
  signingAlg?: string;
}

/** Text that may follow the lab's current state. */
export type AttackText<T> = T | ((view: AttackView) => T);

export const textOf = <T>(text: AttackText<T>, view: AttackView): T =>
  typeof text === 'function' ? (text as (view: AttackView) => T)(view) : text;

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

/** One attack of a lab's catalogue. Every lab describes its attacks in this one shape. */
export interface AttackEntry {
  id: string;
  title: string;
  /** The defences this attack tests: it fails while they are on. */
  toggles: ToggleName[];
  /** The lab step it demonstrates (`#/<lab>/<step>` deep links, src/common/labs.ts), if any. */
  step: string | null;
  /** What the attack does, in order. */
  how: AttackText<string[]>;
  /** Why the defence stops it. */
  defence: AttackText<string>;
  /** Anything else the learner should know: where the attacker acts from, what to do first. */
  note?: string;
  /** The attacker's page the attack starts from (a path on the attacker origin), opened in a window of its own. */
  attackerPage?: (runTag: string) => string;
  /** Why the attack cannot run right now (shown on the card), or null. */
  precondition?: (get: () => Store) => string | null;
  run: (ctx: AttackContext) => Promise<AttackResult>;
}
