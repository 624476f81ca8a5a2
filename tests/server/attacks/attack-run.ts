import type { AttackRunContext, WalkthroughChecks, WalkthroughEvidence } from '../../../src/server/labs/attack-kit';
import { ScriptedBrowser } from '../../../src/server/core/scripted-browser';
import type { LabHarness } from '../helpers';

/** What the catalogue's engine hands a runner: the lab, fresh scripted browsers over the harness's fetch, a log. */
export function runContext(h: LabHarness): AttackRunContext & { said: string[] } {
  const said: string[] = [];
  return {
    ctx: h.lab.context,
    browser: () => new ScriptedBrowser(h.fetch),
    say: (line) => said.push(line),
    signal: new AbortController().signal,
    said,
  };
}

/** A hand-made attempt: the traffic since it began, what was pasted, and every check's answer now. */
export function attempt(h: LabHarness, checks: WalkthroughChecks, defenceOn = true) {
  const [last] = h.lab.context.recorder.list({ limit: 1 }).slice(-1);
  const since = last?.id ?? 0;
  const pasted: Record<string, string> = {};
  const evidence = (): WalkthroughEvidence => ({
    ctx: h.lab.context,
    exchanges: h.lab.context.recorder.list({ afterId: since }),
    pasted,
    defenceOn,
  });
  return {
    paste: (step: string, value: string) => {
      pasted[step] = value;
    },
    step: (id: string) => checks.steps[id]!(evidence()),
    goal: () => checks.goal(evidence()),
  };
}
