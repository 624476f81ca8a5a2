import type { ServerAttack, WalkthroughChecks } from '../../../src/server/labs/attack-kit';
import type { LabHarness } from '../helpers/harness';
import { attempt, runAttack } from './attack-run';

export { setToggles } from '../helpers/shared';

/** Runs one ServerAttack as the catalogue would, keeping what it said as `steps`. */
export async function runServerAttack(h: LabHarness, attack: ServerAttack | undefined) {
  const { lines, ...result } = await runAttack(h, attack);
  return { ...result, steps: lines };
}

/** A hand-made attempt (attack-run.ts) read all at once: each step's evidence and the goal. */
export function startAttempt(h: LabHarness, checks: WalkthroughChecks | undefined, defenceOn: boolean) {
  if (!checks) throw new Error('no walkthrough checks');
  const tried = attempt(h, checks, defenceOn);
  return {
    state: () => ({
      steps: Object.fromEntries(Object.keys(checks.steps).map((id) => [id, tried.step(id)])),
      goal: tried.goal(),
    }),
  };
}

/** The ids of the steps whose check has seen them happen. */
export const doneSteps = (state: { steps: Record<string, string | null> }) =>
  Object.entries(state.steps)
    .filter(([, evidence]) => evidence !== null)
    .map(([id]) => id);
