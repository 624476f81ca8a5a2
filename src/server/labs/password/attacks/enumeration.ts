import type { JsonAnswer } from '../../../core/scripted-browser';
import { TIMING_PAIRS, timesGiveAccountAway } from '../../../../common/labs/password';
import { cannotRun, noteThrowaway, type ServerAttack } from '../../attack-kit';
import { WRONG_PASSWORD, appApi, tag } from './scene';

/** An email nobody registered (random, on a reserved test domain). */
const unknownEmail = () => `nobody-${tag()}@example.test`;

interface Answer {
  status: number;
  code: string;
  message: string;
}

const answerOf = (res: { status: number; body: JsonAnswer }): Answer => ({
  status: res.status,
  code: String(res.body.error ?? res.body.status ?? ''),
  message: String(res.body.message ?? ''),
});
const said = (a: Answer) => `${a.status} ${a.code} "${a.message}"`;
const sameAnswer = (a: Answer, b: Answer) => a.status === b.status && a.code === b.code && a.message === b.message;

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
};

/** The login's answer for a real account and a made-up email, compared. */
export const enumLoginAnswer: ServerAttack = {
  async run(run) {
    const api = appApi(run);
    const existing = (await api.register('victim')).email;
    const unknown = unknownEmail();
    run.say(`The lab made a victim account ${existing}; the attacker's list also holds ${unknown}.`);
    let a: Answer;
    let b: Answer;
    try {
      a = answerOf(await api.post('/api/session/login', { email: existing, password: WRONG_PASSWORD }));
      b = answerOf(await api.post('/api/session/login', { email: unknown, password: WRONG_PASSWORD }));
    } finally {
      await api.giveBackFailures([existing, unknown]);
    }
    run.say(`Wrong password for ${existing}: ${said(a)}.`);
    run.say(`Wrong password for ${unknown}: ${said(b)}.`);
    if (a.status === 429 || b.status === 429)
      throw cannotRun('the login is throttling this IP. Reset the counters (rate-limit lab) or move the lab clock.', {
        reason: 'throttled',
      });
    const succeeded = !sameAnswer(a, b);
    return {
      succeeded,
      summary: succeeded
        ? `The answers differ (${a.code} vs ${b.code}): the login tells who has an account.`
        : 'Both answers are identical: nothing tells the attacker which email has an account.',
    };
  },
};

/** The register route's answer for a taken email and a free one, compared. */
export const enumRegisterAnswer: ServerAttack = {
  async run(run) {
    const api = appApi(run);
    const existing = (await api.register('victim')).email;
    const unknown = unknownEmail();
    run.say(`The lab made a victim account ${existing}; the attacker's list also holds ${unknown}.`);
    const password = `enumeration probe ${tag()}`;
    const a = answerOf(await api.post('/api/auth/register', { email: existing, password }));
    run.say(`Registering ${existing}: ${said(a)}.`);
    noteThrowaway(run, unknown);
    const b = answerOf(await api.post('/api/auth/register', { email: unknown, password }));
    run.say(`Registering ${unknown}: ${said(b)}.`);
    const succeeded = !sameAnswer(a, b);
    return {
      succeeded,
      summary: succeeded
        ? `The answers differ (${a.code} vs ${b.code}): registration tells who already has an account.`
        : 'Both emails got the same answer; the owner of the taken one got a mail instead.',
    };
  },
};

/** Failed logins timed for a real account and made-up emails; a clear gap gives the account away. */
export const enumLoginTiming: ServerAttack = {
  async run(run) {
    const api = appApi(run);
    const existing = (await api.register('victim')).email;
    const unknowns = Array.from({ length: TIMING_PAIRS + 1 }, unknownEmail);
    run.say(`The lab made a victim account ${existing}; the attacker also tries ${TIMING_PAIRS} unknown emails.`);
    const timed = async (email: string) => {
      const started = performance.now();
      const res = await api.post('/api/session/login', { email, password: WRONG_PASSWORD });
      if (res.status !== 401)
        throw cannotRun(`the login answered ${res.status} ${res.body.error ?? ''}; the run stopped.`);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    try {
      // A first, unmeasured try wakes the bcrypt workers (and the dummy hash).
      await timed(unknowns[0]!);
      for (let i = 1; i <= TIMING_PAIRS; i++) {
        // The order swaps every pair, so a busy machine slows both sides alike.
        const pair = i % 2 ? [existing, unknowns[i]!] : [unknowns[i]!, existing];
        for (const email of pair) (email === existing ? known : unknown).push(await timed(email));
      }
    } finally {
      await api.giveBackFailures([existing, ...unknowns]);
    }
    const [k, u] = [median(known), median(unknown)];
    const ratio = k / Math.max(u, 0.01);
    run.say(`Failed logins for ${existing}: median ${k.toFixed(1)} ms; for unknown emails: median ${u.toFixed(1)} ms.`);
    const succeeded = timesGiveAccountAway(known, unknown);
    return {
      succeeded,
      summary: succeeded
        ? `The existing account answers ${ratio.toFixed(1)}× slower, every time or nearly: unknown emails skip bcrypt.`
        : `The medians are ${ratio.toFixed(1)}× apart: too close to tell one kind of email from the other.`,
    };
  },
};
