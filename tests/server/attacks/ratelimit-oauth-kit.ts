import type { LabHarness } from '../helpers/harness';
import type { AttackRunContext, ServerAttack, WalkthroughChecks } from '../../../src/server/labs/attack-kit';
import { ScriptedBrowser } from '../../../src/server/core/scripted-browser';

/** Runs one ServerAttack as the catalogue would: fresh scripted browsers over the lab's own fetch, its steps kept. */
export async function runServerAttack(h: LabHarness, attack: ServerAttack | undefined) {
  if (!attack) throw new Error('no runner');
  const steps: string[] = [];
  const run: AttackRunContext = {
    ctx: h.lab.context,
    browser: () => new ScriptedBrowser(h.lab.context.dependencies.fetch),
    say: (step) => steps.push(step),
    signal: new AbortController().signal,
  };
  const result = await attack.run(run);
  return { ...result, steps };
}

/** Sets toggles over the lab API. */
export async function setToggles(h: LabHarness, toggles: Record<string, boolean>) {
  const answer = await h.call('PUT', '/api/lab/toggles', { json: toggles });
  if (answer.status !== 200) throw new Error(`PUT /api/lab/toggles answered ${answer.status}`);
}

/**
 * A walkthrough attempt as the catalogue keeps one: the recorder's exchanges
 * from now on, read by the lab's checks whenever the test asks.
 */
export function startAttempt(h: LabHarness, checks: WalkthroughChecks | undefined, defenceOn: boolean) {
  if (!checks) throw new Error('no walkthrough checks');
  const { recorder } = h.lab.context;
  const startId = recorder.list({ limit: 1 }).at(-1)?.id ?? 0;
  const pasted: Record<string, string> = {};
  return {
    paste: (step: string, value: string) => (pasted[step] = value),
    state: () => {
      const exchanges = recorder.list({ afterId: startId, limit: 2000 });
      const evidence = { ctx: h.lab.context, exchanges, pasted, defenceOn };
      const steps = Object.fromEntries(Object.entries(checks.steps).map(([id, check]) => [id, check(evidence)]));
      return { steps, goal: checks.goal(evidence), exchanges };
    },
  };
}

/** The ids of the steps whose check has seen them happen. */
export const doneSteps = (state: { steps: Record<string, string | null> }) =>
  Object.entries(state.steps)
    .filter(([, evidence]) => evidence !== null)
    .map(([id]) => id);
