import type { DemoAccount } from '../../../../common/api';
import type { AttackAccount as LabAccount } from '../../../../common/schemas/mfa';
import { answerOf, api } from '../../api/client';
import type { BruteForceProgress, MfaAttackId } from './types';

/** What an attack run reports: did it get in, what happened in order, and why. */
export interface AttackOutcome {
  succeeded: boolean;
  steps: string[];
  verdict: string;
}

export interface AttackContext {
  accounts: DemoAccount[];
  toggles: Record<string, boolean>;
  onProgress: (progress: BruteForceProgress) => void;
}

/** The attacker's requests carry no cookies and no session CSRF token, so the learner's own session is untouched. */
const asAttacker = { credentials: 'omit' as const, csrf: null };

export const authenticator = (secret: string, driftSeconds = 0) =>
  api('POST /api/lab/mfa/authenticator', { body: { secret, driftSeconds } });

/**
 * A fresh account with MFA on, from the lab's throwaway-account route (no
 * welcome mail for the learner's inbox). Every run gets its own victim, so
 * the per-account limits of one run never spoil the next.
 */
const accountWithMfa = (kind: 'victim' | 'attacker'): Promise<LabAccount> =>
  api('POST /api/lab/mfa/attack-account', { body: { kind } });

async function passwordStep(account: Pick<LabAccount, 'email' | 'password'>) {
  const res = await api('POST /api/session/login', {
    body: { email: account.email, password: account.password },
    ...asAttacker,
  });
  if (!res.mfaTicket) throw new Error('The password step did not ask for a code: is MFA on for this account?');
  return res;
}

const finish = (mfaTicket: string, code: string, extra: Record<string, string> = {}) =>
  answerOf('POST /api/session/login/mfa', { body: { mfaTicket, code, ...extra }, ...asAttacker });

const outcome = (status: number, body: { error?: string }) => (status === 200 ? '200 OK' : `${status} ${body.error}`);

async function replay(): Promise<AttackOutcome> {
  const victim = await accountWithMfa('victim');
  const steps = [`Made ${victim.email} with MFA on.`];
  // The enrollment spent the current step; the next one is inside the ±1 window and still fresh.
  const { codes } = await authenticator(victim.secret);
  const seen = codes.next;
  const first = await finish((await passwordStep(victim)).mfaTicket!, seen);
  steps.push(`The victim logs in with code ${seen}: ${outcome(first.status, first.body)}.`);
  if (first.status !== 200) throw new Error(`The victim could not log in (${first.body.error}).`);
  const again = await finish((await passwordStep(victim)).mfaTicket!, seen);
  steps.push(`The attacker logs in with the password and the same code ${seen}: ${outcome(again.status, again.body)}.`);
  const succeeded = again.status === 200;
  return {
    succeeded,
    steps,
    verdict: succeeded
      ? 'The server checked only that the code was right for the time, not whether it had been used. Inside its window a code is as good as a password.'
      : 'The server keeps the last time step each account spent and accepts only later ones (RFC 6238 §5.2), so a code works once.',
  };
}

const EXPECTED_GUESSES = 1_000_000 / 3;
/** Wrong guesses the page sends before it stops (it must stay under the lab's 600 requests a minute). */
export const MAX_BRUTE_FORCE_GUESSES = 80;
const MAX_MS = 8000;

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'forever';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 3 * 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds < 2 * 31_557_600) return `${Math.round(seconds / 86_400)} days`;
  return `${(seconds / 31_557_600).toFixed(1)} years`;
}

async function bruteForce(ctx: AttackContext): Promise<AttackOutcome> {
  const victim = await accountWithMfa('victim');
  const { mfaTicket } = await passwordStep(victim);
  const { codes } = await authenticator(victim.secret);
  const right = new Set([codes.previous, codes.current, codes.next]);
  const steps = [`Made ${victim.email} with MFA on; the password step gave a ticket.`];
  const started = performance.now();
  let attempts = 0;
  let guess = Math.floor(Math.random() * 900_000);
  let stop: { status: number; error?: string } | null = null;
  while (attempts < MAX_BRUTE_FORCE_GUESSES && performance.now() - started < MAX_MS) {
    let code = String(guess++ % 1_000_000).padStart(6, '0');
    while (right.has(code)) code = String(guess++ % 1_000_000).padStart(6, '0');
    const res = await finish(mfaTicket!, code);
    attempts++;
    const elapsedMs = performance.now() - started;
    const perSecond = attempts / Math.max(elapsedMs / 1000, 0.001);
    ctx.onProgress({ attempts, elapsedMs, perSecond, expectedSeconds: EXPECTED_GUESSES / perSecond, last: code });
    if (res.body.error !== 'invalid_code') {
      stop = { status: res.status, error: res.body.error };
      break;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  const rate = attempts / Math.max(elapsed, 0.001);
  if (stop) {
    steps.push(`Guess ${attempts} answered ${stop.status} ${stop.error}: the pending login is over.`);
    // 10 wrong codes per account per 15 minutes, whatever the ticket.
    const perQuarterHour = 10;
    return {
      succeeded: false,
      steps,
      verdict: `About 5 wrong codes end a ticket and the account takes at most ${perQuarterHour} wrong codes per 15 minutes, so the expected ${Math.round(EXPECTED_GUESSES).toLocaleString()} guesses would take ${formatSeconds((EXPECTED_GUESSES / perQuarterHour) * 900)}.`,
    };
  }
  steps.push(
    `${attempts} wrong guesses in ${elapsed.toFixed(1)} s (${rate.toFixed(0)}/s): every one answered invalid_code, the ticket stayed alive.`,
  );
  // The next step's code: the current one was spent by the enrollment (replay protection).
  const lucky = codes.next;
  const hit = await finish(mfaTicket!, lucky);
  steps.push(`Guess ${attempts + 1} is the right code (${lucky}): ${outcome(hit.status, hit.body)}.`);
  return {
    succeeded: hit.status === 200,
    steps,
    verdict: `Nothing limits the guesses. At ${rate.toFixed(0)} guesses a second from this page, the expected ${Math.round(EXPECTED_GUESSES).toLocaleString()} guesses take about ${formatSeconds(EXPECTED_GUESSES / rate)}; a script on many connections does it in a fraction of that.`,
  };
}

async function bindTicket(): Promise<AttackOutcome> {
  const victim = await accountWithMfa('victim');
  // A fresh attacker too: a reused one may have spent the code this run needs.
  const attacker = await accountWithMfa('attacker');
  const steps = [`Victim ${victim.email} (MFA on); attacker ${attacker.email} (MFA on, own phone).`];
  const first = await passwordStep(victim);
  const skipped = typeof first.csrfToken === 'string';
  steps.push(
    skipped
      ? 'Skip: the password step already started a signed-in session (it sent a session cookie and a CSRF token). The code page is decoration.'
      : 'Skip: the password step gave only a ticket, no session.',
  );
  const { codes } = await authenticator(attacker.secret);
  // The attacker's own code, from the next step: the one that enrolled them is spent.
  const swap = await finish(first.mfaTicket!, codes.next, { email: attacker.email });
  steps.push(
    `Swap: the victim's ticket + the attacker's code ${codes.next} + "email": "${attacker.email}": ${outcome(swap.status, swap.body)}${swap.body.user ? `, signed in as ${swap.body.user.email}` : ''}.`,
  );
  const swapped = swap.status === 200 && swap.body.user?.email === victim.email;
  const succeeded = skipped || swapped;
  return {
    succeeded,
    steps,
    verdict: succeeded
      ? 'The half-login was trusted: the password step counted as a login, and the ticket did not remember whose it was, so the attacker\u2019s code finished the victim\u2019s login.'
      : 'The password alone reaches nothing, and the ticket is bound to the user who passed the password step (and to its login path): only that user\u2019s code finishes it.',
  };
}

async function stepUp(ctx: AttackContext): Promise<AttackOutcome> {
  const account = ctx.accounts.find((a) => a.email === 'user@authlab.test') ?? ctx.accounts.find((a) => !a.mfa);
  if (!account) throw new Error('No demo account without MFA in this lab.');
  const login = await api('POST /api/jwt/login', {
    body: { email: account.email, password: account.password },
    ...asAttacker,
  });
  const stolen = { ...asAttacker, token: login.accessToken };
  const steps = [`The attacker has a valid access token of ${account.email}.`];
  const transfer = await answerOf('POST /api/bank/transfer', {
    body: { to: 'attacker-account', amount: 5000 },
    ...stolen,
  });
  steps.push(`POST /api/bank/transfer with it: ${outcome(transfer.status, transfer.body)}.`);
  const succeeded = transfer.status === 200;
  if (!succeeded) {
    // The victim's own path: prove it is you, then the transfer goes through.
    const victim = { ...asAttacker, token: login.accessToken };
    const up = await answerOf('POST /api/auth/step-up', { body: { password: account.password }, ...victim });
    const again = await answerOf('POST /api/bank/transfer', { body: { to: 'landlord', amount: 800 }, ...victim });
    steps.push(
      `The real user steps up with the password (${outcome(up.status, up.body)}) and sends rent: ${outcome(again.status, again.body)}.`,
    );
  }
  return {
    succeeded,
    steps,
    verdict: succeeded
      ? 'The bank trusted any valid login, however old and whoever holds it. Money left with no fresh proof.'
      : 'Moving money needs an authentication in the last 5 minutes. A token alone does not say when (or whether) the person last proved it was them, so the bank asks.',
  };
}

export async function runMfaAttack(id: MfaAttackId, ctx: AttackContext): Promise<AttackOutcome> {
  switch (id) {
    case 'replay':
      return replay();
    case 'brute-force':
      return bruteForce(ctx);
    case 'bind-ticket':
      return bindTicket();
    case 'step-up':
      return stepUp(ctx);
  }
}
