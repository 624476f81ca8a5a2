import { TIMING_PAIRS, timesGiveAccountAway } from '../../../../common/labs/password';
import { api } from '../../api/client';
import type { AttackResult } from '../../components/attack-catalogue';
import {
  giveBackFailures,
  loginProbe,
  median,
  newAccount,
  probe,
  sameAnswer,
  unknownEmail,
  type Probe,
} from './enumeration-probes';

const said = (p: Probe) => `${p.status} ${p.code} "${p.message}"`;

/** Ask the login about a real account and a made-up email, and read the difference off the answer. */
export async function byAnswer(): Promise<AttackResult> {
  const existing = await newAccount('victim');
  const unknown = unknownEmail();
  const steps = [
    `The lab made a victim account ${existing}. The attacker's list of candidates: ${existing} and ${unknown}.`,
  ];
  let answers: [Probe, Probe];
  try {
    answers = [await loginProbe('/api/session/login', existing), await loginProbe('/api/session/login', unknown)];
  } finally {
    await giveBackFailures([existing, unknown]);
  }
  const [a, b] = answers;
  steps.push(`Login with a wrong password for ${existing}: ${said(a)}.`);
  steps.push(`Login with a wrong password for ${unknown}: ${said(b)}.`);
  if (sameAnswer(a, b)) {
    return {
      succeeded: false,
      summary: 'Both answers are identical: nothing tells the attacker which email has an account.',
      steps,
      verdict: `Both emails got ${said(a)}: with login.uniformErrors on, the login never says which half was wrong.`,
    };
  }
  const guess = a.code === 'wrong_password' || b.code === 'unknown_user' ? existing : unknown;
  steps.push(`The attacker concludes that ${guess} has an account${guess === existing ? ', which is right' : ''}.`);
  return {
    succeeded: guess === existing,
    summary: `The answers differ (${a.code} vs ${b.code}): the login tells who has an account.`,
    steps,
    verdict: `The login answered ${a.code} for the existing account and ${b.code} for the unknown email: login.uniformErrors is off, so the error names the half that was wrong.`,
  };
}

/** Time failed logins for a real account and for made-up emails; a clear gap gives the account away. */
export async function byTime(): Promise<AttackResult> {
  // The verdict names the defence state the server ran under, read at the start (another window may have switched it).
  const constantTime = (await api('GET /api/lab/toggles'))['login.constantTime'];
  const existing = await newAccount('victim');
  const unknowns = Array.from({ length: TIMING_PAIRS + 1 }, unknownEmail);
  const steps = [`The lab made a victim account ${existing}; the attacker also tries ${TIMING_PAIRS} unknown emails.`];
  const known: number[] = [];
  const unknown: number[] = [];
  try {
    // A first, unmeasured try wakes the bcrypt workers (and makes the dummy hash).
    await loginProbe('/api/session/login', unknowns[0]!);
    for (let i = 1; i <= TIMING_PAIRS; i++) {
      const a = await loginProbe('/api/session/login', i % 2 ? existing : unknowns[i]!);
      const b = await loginProbe('/api/session/login', i % 2 ? unknowns[i]! : existing);
      const [k, u] = i % 2 ? [a, b] : [b, a];
      if (k.status !== 401 || u.status !== 401) throw new Error(`The login answered ${k.status} / ${u.status}.`);
      known.push(k.ms);
      unknown.push(u.ms);
    }
  } finally {
    await giveBackFailures([existing, ...unknowns]);
  }
  const [k, u] = [median(known), median(unknown)];
  const ratio = k / u;
  steps.push(
    `Failed logins for ${existing}: ${known.map((ms) => ms.toFixed(1)).join(', ')} ms (median ${k.toFixed(1)}).`,
  );
  steps.push(
    `Failed logins for unknown emails: ${unknown.map((ms) => ms.toFixed(1)).join(', ')} ms (median ${u.toFixed(1)}).`,
  );
  const succeeded = timesGiveAccountAway(known, unknown);
  steps.push(
    succeeded
      ? `The existing account is ${ratio.toFixed(1)}× slower: the attacker can sort any list of emails by response time.`
      : `The medians are ${ratio.toFixed(1)}× apart: too close to tell one kind of email from the other.`,
  );
  return {
    succeeded,
    summary: succeeded
      ? 'Unknown emails answer at once; an existing account waits for bcrypt.'
      : 'Both kinds of email take about the same time.',
    steps,
    verdict: succeeded
      ? `login.constantTime is off: an unknown email is refused before any bcrypt (median ${u.toFixed(1)} ms) while an existing account pays a full compare (${k.toFixed(1)} ms).`
      : !constantTime
        ? `login.constantTime is off, yet the medians are only ${ratio.toFixed(1)}× apart: this lab's bcrypt cost (AUTHLAB_BCRYPT_COST) is so low that one compare is hardly slower than the request itself. At a production cost (10 or more) the gap is plain.`
        : `Every failed login pays one bcrypt compare, against the account's hash or a dummy one (login.constantTime on), so the time says nothing about the email.`,
  };
}

/** Register a taken email and a free one, and read the difference off the answer. */
export async function byRegisterAnswer(): Promise<AttackResult> {
  const existing = await newAccount('victim');
  const unknown = unknownEmail();
  const steps = [`The lab made a victim account ${existing}. The attacker's list: ${existing} and ${unknown}.`];
  const password = 'enumeration probe 4417 spring';
  const a = await probe('POST /api/auth/register', { email: existing, password });
  const b = await probe('POST /api/auth/register', { email: unknown, password });
  steps.push(`Registering ${existing}: ${said(a)}.`);
  steps.push(`Registering ${unknown}: ${said(b)}.`);
  if (sameAnswer(a, b)) {
    return {
      succeeded: false,
      summary: 'Both answers are identical: registration does not tell who has an account.',
      steps,
      verdict: `Both emails got ${said(a)}: with accounts.uniformRegisterResponse on, a taken email is answered like a new one, and its owner gets a mail instead.`,
    };
  }
  return {
    succeeded: true,
    summary: `The answers differ (${a.code} vs ${b.code}): registration tells who already has an account.`,
    steps,
    verdict: `Registration answered ${a.status} ${a.code} for the taken email and ${b.status} ${b.code} for the free one: accounts.uniformRegisterResponse is off.`,
  };
}
