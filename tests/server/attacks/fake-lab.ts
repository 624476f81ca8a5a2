import { afterAll, beforeAll } from 'vitest';
import type { AttackDeclaration, LabDeclaration } from '../../../src/common/lab-registry';
import { RATELIMIT_LAB } from '../../../src/common/labs';
import type { SelfCheckEvent } from '../../../src/common/schemas/attacks';
import type { LabAttacks, ServerAttack, WalkthroughChecks } from '../../../src/server/labs/attack-kit';
import type { LabModule } from '../../../src/server/labs/lab-module';
import type { LabHarness } from '../helpers';

/**
 * A tiny made-up attack set on the rate-limit lab's two toggles, to drive
 * the catalogue's engine without depending on any real lab's runners. Its
 * runners ask the lab over real HTTP whether their toggle is on (a real
 * runner attacks instead; the engine does not care which).
 */
export const T = 'ratelimit.login';
export const T2 = 'ratelimit.ignoreForwardedFor';

const attack = (id: string, defeats: [string, ...string[]], extra: Partial<AttackDeclaration> = {}) => ({
  id,
  title: `Fake ${id}`,
  defeats,
  step: null,
  difficulty: 'beginner' as const,
  references: ['A test'],
  how: ['Asks the lab for its toggles.'],
  defence: 'The toggle is on.',
  ...extra,
});

export const FAKE_LAB: LabDeclaration = {
  ...RATELIMIT_LAB,
  attacks: [
    attack('fake-clock', [T2]),
    attack('fake-server', [T]),
    attack('fake-browser', [T], { runsIn: 'browser' }),
    attack('fake-no-runner', [T2]),
    attack('fake-walk', [T], {
      walkthrough: {
        goal: 'Read the toggles while the defence is off.',
        steps: [
          {
            id: 'look',
            task: 'Open the demo accounts.',
            hint: 'GET /api/lab/accounts',
            answer: 'curl …/api/lab/accounts',
          },
          {
            id: 'word',
            task: 'Paste the word.',
            hint: 'It opens doors.',
            answer: 'open sesame',
            paste: { label: 'Word' },
          },
          { id: 'read', task: 'Read the toggles.', hint: 'GET /api/lab/toggles', answer: 'curl …/api/lab/toggles' },
        ],
      },
    }),
  ],
};

/** Asks the lab over HTTP whether `toggle` is off: "succeeded" when it is. */
const toggleProbe =
  (toggle: string, extra?: (ctx: Parameters<ServerAttack['run']>[0]) => Promise<void>): ServerAttack['run'] =>
  async (run) => {
    fakeControl.runs += 1;
    const answer = await run.browser().request('GET', `${run.ctx.origins.app}/api/lab/toggles`);
    run.say(`GET /api/lab/toggles → ${answer.status}`);
    await extra?.(run);
    const off = (JSON.parse(answer.text) as Record<string, boolean>)[toggle] === false;
    return { succeeded: off, summary: off ? `${toggle} is off` : `${toggle} is on` };
  };

const seen = (path: string) => (e: { method: string; url: string; status: number }) =>
  e.method === 'GET' && new URL(e.url, 'http://x').pathname === path && e.status === 200;

const walkChecks: WalkthroughChecks = {
  steps: {
    look: ({ exchanges }) => (exchanges.some(seen('/api/lab/accounts')) ? 'GET /api/lab/accounts → 200' : null),
    word: ({ pasted }) => (pasted.word === 'open sesame' ? 'The word is right.' : null),
    read: ({ exchanges }) => (exchanges.some(seen('/api/lab/toggles')) ? 'GET /api/lab/toggles → 200' : null),
  },
  goal: ({ exchanges, pasted }) => {
    const read = exchanges.findLast(seen('/api/lab/toggles'));
    if (!read || pasted.word !== 'open sesame') return null;
    // `?claim=in` / `?claim=out` let a test make the goal answer against the defence state.
    const claim = new URL(read.url, 'http://x').searchParams.get('claim');
    if (claim) return claim === 'in' ? 'succeeded' : 'refused';
    return (JSON.parse(read.responseBody ?? '{}') as Record<string, boolean>)[T] === false ? 'succeeded' : 'refused';
  },
};

/** What a test can tune in the fake runners: the clock-moving one may wait for a release. */
export const fakeControl = {
  /** When set, fake-clock waits for this before it answers (for the stop test). */
  gate: null as Promise<void> | null,
  /** Called when fake-clock starts, with its run (its lab context and abort signal). */
  started: (_run: Parameters<ServerAttack['run']>[0]): void | Promise<unknown> => {},
  /** How many times a fake runner ran. */
  runs: 0,
};

export const FAKE_ATTACKS: LabAttacks<typeof RATELIMIT_LAB> = {
  runners: {
    ['fake-server' as never]: { run: toggleProbe(T) },
    ['fake-clock' as never]: {
      run: toggleProbe(T2, async (run) => {
        await fakeControl.started(run);
        // What a real attack might leave behind: a jump of the lab clock.
        run.ctx.clock.advance(3_600_000);
        if (fakeControl.gate) await fakeControl.gate;
      }),
    },
  },
  walkthroughs: { ['fake-walk' as never]: walkChecks },
};

/** Puts the fake attack set on the rate-limit lab's module for the tests of a file, and takes it off after. */
export function useFakeAttacks(h: LabHarness): void {
  let saved: Pick<LabModule, 'declaration' | 'attacks'> | undefined;
  beforeAll(() => installFakeAttacks(h, (original) => (saved = original)));
  afterAll(() => {
    if (!saved) return;
    const module = h.lab.labs.ratelimit as LabModule;
    module.declaration = saved.declaration;
    module.attacks = saved.attacks;
  });
}

export function installFakeAttacks(
  h: LabHarness,
  keep?: (original: Pick<LabModule, 'declaration' | 'attacks'>) => void,
) {
  const module = h.lab.labs.ratelimit as LabModule;
  keep?.({ declaration: module.declaration, attacks: module.attacks });
  module.declaration = FAKE_LAB;
  module.attacks = FAKE_ATTACKS;
}

/** The self-check's NDJSON answer, one event per line. */
export const eventsOf = (text: string): SelfCheckEvent[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SelfCheckEvent);

/** Waits until `read` gives something truthy (the walkthrough checks run just after the exchange). */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  // Checks run after the answer is sent: poll for up to 15 s (a loaded CI machine is slow), never a fixed sleep.
  const until = Date.now() + 15_000;
  let value = await read();
  while (!ok(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = await read();
  }
  return value;
}
