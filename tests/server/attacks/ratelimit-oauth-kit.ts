import type { LabHarness } from '../helpers/harness';
import type { AttackRunContext, ServerAttack } from '../../../src/server/labs/attack-kit';
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
