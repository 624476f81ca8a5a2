/**
 * The shape of a lab's declaration: what the server, the renderer's
 * navigation and attack cards, and the tests all read about a lab. One
 * declaration per lab lives in common/labs/<lab>.ts; common/labs/index.ts
 * lists them, and toggles, attack ids and the navigation derive from that list.
 */

/** One defence a lab can switch off. Every toggle defaults to on (defence on). */
export interface ToggleDeclaration {
  /** `<area>.<defence>`: on means the defence is on (docs/ARCHITECTURE.md, "Toggles"). */
  name: string;
  /** What the defence does, in one line. */
  label: string;
  /** What an attacker gets when it is off. */
  whenOff: string;
  /** The standard it follows. */
  source: string;
  /** The toggle's earlier name, which a saved lab may still hold; its state carries over (same meaning). */
  renamedFrom?: string;
}

export type AttackDifficulty = 'beginner' | 'practitioner' | 'expert';

/** The lab as it is now, for attack text that depends on it (e.g. the algorithm of the signing key in use). */
export interface AttackView {
  signingAlg?: string;
}

/** Text that may follow the lab's current state. */
export type AttackText<T> = T | ((view: AttackView) => T);

export const textOf = <T>(text: AttackText<T>, view: AttackView): T =>
  typeof text === 'function' ? (text as (view: AttackView) => T)(view) : text;

/** One attack of a lab: what it does, the defences it tests, and why they stop it. */
export interface AttackDeclaration<Toggle extends string = string, Step extends string = string> {
  id: string;
  title: string;
  /** The defences this attack tests: it fails while they are on. */
  defeats: readonly [Toggle, ...Toggle[]];
  /** The lab step it demonstrates (`#/<lab>/<step>` deep links), or null. */
  step: Step | null;
  difficulty: AttackDifficulty;
  /** The standards behind the defence (RFC, OWASP ASVS 5.0, OWASP cheat sheets, NIST). */
  references: readonly string[];
  /** What the attack does, in order. */
  how: AttackText<readonly string[]>;
  /** Why the defence stops it. */
  defence: AttackText<string>;
  /** Anything else the learner should know: where the attacker acts from, what to do first. */
  note?: string;
  /** The attacker's page the attack starts from (a path on the attacker origin), when it is fixed. */
  attackerPage?: string;
  /**
   * The hands-on walkthrough (the attack catalogue, `#/attacks`): what the
   * learner does by hand. Each step is checked on the server from what really
   * happened (labs/<lab>/walkthroughs.ts holds the checks, keyed by these ids).
   */
  walkthrough?: WalkthroughDeclaration;
  /**
   * Where the attack can run: 'server' (the server's runner performs it over
   * real HTTP; the self-check can run it) or 'browser' (it needs a real
   * browser's behaviour, e.g. reading document.cookie; only the page runs it).
   */
  runsIn?: 'server' | 'browser';
}

/** One step a learner does by hand; checked live, never by a "done" click. */
export interface WalkthroughStepDeclaration {
  /** Stable id, unique within the walkthrough; the server's check for it has the same key. */
  id: string;
  /** What to do, in one or two sentences (where: which page, the inspector, the drawer, the attacker site, curl). */
  task: string;
  /** A nudge, shown when asked for. */
  hint: string;
  /** The full answer (a value to paste, a curl command), behind a second click. */
  answer: string;
  /** The step asks the learner to paste a value (a token, a code); the server checks the pasted value. */
  paste?: { label: string };
}

export interface WalkthroughDeclaration {
  /** The goal in one sentence. */
  goal: string;
  /** The scripted victim's part, when the attack needs one ("the victim opens your link"). */
  victim?: string;
  steps: readonly [WalkthroughStepDeclaration, ...WalkthroughStepDeclaration[]];
}

/** A lab: its route id, title, steps, the defences it can switch off and the attacks that test them. */
export interface LabDeclaration {
  /** The route id (`#/<id>/<step>`), e.g. 'session-lab'. */
  id: string;
  title: string;
  /** The canonical steps a link `#/<lab>/<step>` (and a drill card's `Lab: <lab>#<step>`) may name. */
  steps: readonly string[];
  toggles: readonly ToggleDeclaration[];
  attacks: readonly AttackDeclaration<string, string>[];
}

/** A page of the app that is not a lab (overview, drills, …): navigation only. */
export interface PageDeclaration {
  id: string;
  title: string;
  steps: readonly string[];
}
