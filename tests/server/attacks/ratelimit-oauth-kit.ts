import type { ServerAttack, WalkthroughChecks } from '../../../src/server/labs/attack-kit';
import type { LabHarness } from '../helpers/harness';
import { attempt, runContext } from './attack-run';

/** Runs one ServerAttack as the catalogue would, keeping what it said. */
export async function runServerAttack(h: LabHarness, attack: ServerAttack | undefined) {
  if (!attack) throw new Error('no runner');
  const run = runContext(h);
  const result = await attack.run(run);
  return { ...result, steps: run.said };
}

/** Sets toggles over the lab API. */
export async function setToggles(h: LabHarness, toggles: Record<string, boolean>) {
  const answer = await h.call('PUT', '/api/lab/toggles', { json: toggles });
  if (answer.status !== 200) throw new Error(`PUT /api/lab/toggles answered ${answer.status}`);
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
