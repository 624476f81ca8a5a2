import type { LabHarness } from '../helpers';
import { ScriptedBrowser } from '../../../src/server/core/scripted-browser';
import type {
  AttackRunContext,
  ServerAttack,
  WalkthroughChecks,
  WalkthroughEvidence,
} from '../../../src/server/labs/attack-kit';

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

/** Runs one server runner against the test lab, as the catalogue would: fresh browsers, its lines kept. */
export async function runAttack(h: LabHarness, attack: ServerAttack | undefined) {
  if (!attack) throw new Error('no runner');
  const run = runContext(h);
  return { ...(await attack.run(run)), lines: run.said };
}

/**
 * Runs a runner while one route answers something unrelated to the defence
 * (a 429 from a busy lab, a 400 from a password policy): the
 * calls whose method and path match, past the first `after` of them, get
 * `status` and `body` instead of the lab's answer.
 */
export async function runAttackAnswering(
  h: LabHarness,
  attack: ServerAttack | undefined,
  answer: { method: string; path: string; status: number; body: Record<string, unknown>; after?: number },
) {
  if (!attack) throw new Error('no runner');
  let seen = 0;
  const fetchOr: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if ((init?.method ?? 'GET') === answer.method && url.pathname === answer.path && seen++ >= (answer.after ?? 0)) {
      const headers = { 'content-type': 'application/json' };
      return Promise.resolve(new Response(JSON.stringify(answer.body), { status: answer.status, headers }));
    }
    return h.fetch(input, init);
  };
  const run = { ...runContext(h), browser: () => new ScriptedBrowser(fetchOr) };
  return { ...(await attack.run(run)), lines: run.said };
}

/**
 * A hand-made attempt, as the catalogue keeps one: the exchanges recorded
 * since it began, the pastes, and each step's and the goal's check on them.
 */
export function attempt(h: LabHarness, checks: WalkthroughChecks | undefined, defenceOn = true) {
  if (!checks) throw new Error('no walkthrough checks');
  const startedAfter = h.lab.context.recorder.list({ limit: 1 }).at(-1)?.id ?? 0;
  const pasted: Record<string, string> = {};
  const evidence = (): WalkthroughEvidence => ({
    ctx: h.lab.context,
    exchanges: h.lab.context.recorder.list({ afterId: startedAfter, limit: 2000 }),
    pasted,
    defenceOn,
  });
  return {
    paste: (step: string, value: string) => void (pasted[step] = value),
    step: (id: string) => {
      const check = checks.steps[id];
      if (!check) throw new Error(`no check for step ${id}`);
      return check(evidence());
    },
    goal: () => checks.goal(evidence()),
  };
}
