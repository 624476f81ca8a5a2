import type { MFA_LAB } from '../../../common/labs/mfa';
import type { TrafficEntry } from '../../../common/schemas/lab';
import { TOTP_PERIOD_S, totpCode, totpStep } from '../../auth/totp';
import { emailOf, exchangesTo, jsonOf } from '../../core/walkthrough-evidence';
import type { LabAttacks, WalkthroughChecks, WalkthroughEvidence } from '../attack-kit';

/**
 * The live checks of the MFA lab's walkthroughs (texts in
 * common/labs/mfa-walkthroughs.ts). Codes are masked in what the recorder
 * keeps, tickets are fingerprints: a ticket is followed from the password
 * step that issued it to the code steps that used it.
 */

const PASSWORD_STEPS = ['/api/session/login', '/api/jwt/login'];
const CODE_STEPS = ['/api/session/login/mfa', '/api/jwt/login/mfa'];
/** How far back a pasted code is looked for: a few minutes of 30 s steps. */
const STEPS_LOOKED_BACK = 10;

const along = (ev: WalkthroughEvidence, paths: string[]) =>
  paths.flatMap((path) => exchangesTo(ev.exchanges, 'app', 'POST', path)).sort((a, b) => a.id - b.id);

/** The accounts the lab helper made in this attempt, oldest first. */
const labAccounts = (ev: WalkthroughEvidence) =>
  exchangesTo(ev.exchanges, 'app', 'POST', '/api/lab/mfa/attack-account')
    .filter((e) => e.status === 200)
    .map((e) => String(jsonOf(e.responseBody).email ?? ''))
    .filter(Boolean);

/** Who each MFA ticket belongs to: the email whose password step issued it (by the ticket's fingerprint). */
function ticketOwners(ev: WalkthroughEvidence): Map<string, string> {
  const owners = new Map<string, string>();
  for (const e of along(ev, PASSWORD_STEPS)) {
    const ticket = jsonOf(e.responseBody).mfaTicket;
    if (e.status === 200 && typeof ticket === 'string') owners.set(ticket, emailOf(e));
  }
  return owners;
}

/** The code steps, each with the ticket it used, its owner and what it answered. */
function codeSteps(ev: WalkthroughEvidence) {
  const owners = ticketOwners(ev);
  return along(ev, CODE_STEPS).map((entry) => {
    const body = jsonOf(entry.requestBody);
    const ticket = String(body.mfaTicket ?? '');
    const answer = jsonOf(entry.responseBody);
    return {
      entry,
      ticket,
      owner: owners.get(ticket),
      named: typeof body.email === 'string' ? body.email.trim().toLowerCase() : undefined,
      error: typeof answer.error === 'string' ? answer.error : undefined,
      reason: typeof answer.reason === 'string' ? answer.reason : undefined,
      signedInAs: typeof answer.user?.email === 'string' ? (answer.user.email as string) : undefined,
    };
  });
}

// Replay --------------------------------------------------------------------

const victimOf = (ev: WalkthroughEvidence) => labAccounts(ev)[0];

const victimLogins = (ev: WalkthroughEvidence) => {
  const victim = victimOf(ev);
  return codeSteps(ev).filter((s) => victim && s.owner === victim);
};

/** The time steps the victim's account has spent, among the last few. */
function spentSteps(ev: WalkthroughEvidence, userId: number): number[] {
  const now = totpStep(ev.ctx.clock.epochSeconds());
  const steps: number[] = [];
  for (let step = now - STEPS_LOOKED_BACK; step <= now + 1; step++) {
    if (ev.ctx.users.lastTotpStep(userId, step) === step) steps.push(step);
  }
  return steps;
}

/**
 * The pasted code, if it is the victim's code of a step already spent, and
 * the victim signed in with codes more often than steps were spent: one step
 * was accepted twice.
 */
function replayed(ev: WalkthroughEvidence): string | null {
  const victim = victimOf(ev);
  const user = victim ? ev.ctx.users.findByEmail(victim) : undefined;
  const pasted = ev.pasted.replay?.trim();
  if (!user?.totpSecret || !pasted) return null;
  const spent = spentSteps(ev, user.id);
  const step = spent.find((s) => totpCode(user.totpSecret!, s * TOTP_PERIOD_S) === pasted);
  const accepted = victimLogins(ev).filter((s) => s.entry.status === 200).length;
  return step !== undefined && accepted > spent.length ? user.email : null;
}

const mfaReplay: WalkthroughChecks = {
  steps: {
    victim: (ev) => (victimOf(ev) ? `Made ${victimOf(ev)} with MFA on.` : null),
    'first-login': (ev) =>
      victimLogins(ev).some((s) => s.entry.status === 200) ? `${victimOf(ev)} signed in with a code.` : null,
    replay: (ev) => {
      const email = replayed(ev);
      return email ? `The pasted code of ${email} was accepted a second time.` : null;
    },
  },
  goal: (ev) => {
    if (victimLogins(ev).some((s) => s.reason === 'code_already_used')) return 'refused';
    return replayed(ev) ? 'succeeded' : null;
  },
};

// Brute force ---------------------------------------------------------------

/** Wrong codes on one ticket that show no limit: one more than the 5 the defence allows. */
const GUESSES_PAST_LIMIT = 6;

/** The ticket with the most code steps, and its answers in order. */
function guessedTicket(ev: WalkthroughEvidence) {
  const byTicket = new Map<string, ReturnType<typeof codeSteps>>();
  for (const step of codeSteps(ev)) {
    if (!step.owner) continue;
    byTicket.set(step.ticket, [...(byTicket.get(step.ticket) ?? []), step]);
  }
  return [...byTicket.values()].sort((a, b) => b.length - a.length)[0] ?? [];
}

const mfaBruteForce: WalkthroughChecks = {
  steps: {
    ticket: (ev) => {
      const owner = [...ticketOwners(ev).values()][0];
      return owner ? `The password step of ${owner} gave an MFA ticket.` : null;
    },
    guess: (ev) => {
      const guesses = guessedTicket(ev);
      return guesses.length >= GUESSES_PAST_LIMIT ? `${guesses.length} codes sent on one ticket.` : null;
    },
  },
  goal: (ev) => {
    const guesses = guessedTicket(ev);
    const stopped = guesses.findIndex((s) => s.entry.status !== 200 && s.error !== 'invalid_code');
    const wrongBefore = guesses.slice(0, stopped < 0 ? undefined : stopped).filter((s) => s.error === 'invalid_code');
    if (wrongBefore.length >= GUESSES_PAST_LIMIT) return 'succeeded';
    return stopped >= 0 ? 'refused' : null;
  },
};

// Ticket binding ------------------------------------------------------------

/** A code step that named another account than the ticket's owner. */
const swapOf = (ev: WalkthroughEvidence) => codeSteps(ev).find((s) => s.owner && s.named && s.named !== s.owner);

const mfaBindTicket: WalkthroughChecks = {
  steps: {
    accounts: (ev) => {
      const made = labAccounts(ev);
      return made.length >= 2 ? `Made ${made.slice(0, 2).join(' and ')} with MFA on.` : null;
    },
    'victim-ticket': (ev) => {
      const made = new Set(labAccounts(ev));
      const owner = [...ticketOwners(ev).values()].find((email) => made.has(email));
      return owner ? `Holding the MFA ticket of ${owner}.` : null;
    },
    swap: (ev) => {
      const swap = swapOf(ev);
      return swap ? `The ticket of ${swap.owner} sent naming ${swap.named}: ${swap.entry.status}.` : null;
    },
  },
  goal: (ev) => {
    const swap = swapOf(ev);
    if (swap?.entry.status === 200 && swap.signedInAs === swap.owner) return 'succeeded';
    return swap?.error === 'mfa_ticket_invalid' ? 'refused' : null;
  },
};

// Step-up -------------------------------------------------------------------

const bearerOf = (e: TrafficEntry) => e.requestHeaders.authorization ?? '';

/** The first transfer sent with a bearer token that had not stepped up before it. */
function transferWithoutStepUp(ev: WalkthroughEvidence): TrafficEntry | undefined {
  const steppedUp = exchangesTo(ev.exchanges, 'app', 'POST', '/api/auth/step-up').filter((e) => e.status === 200);
  return exchangesTo(ev.exchanges, 'app', 'POST', '/api/bank/transfer').find(
    (t) => bearerOf(t).startsWith('Bearer') && !steppedUp.some((s) => s.id < t.id && bearerOf(s) === bearerOf(t)),
  );
}

const mfaStepUp: WalkthroughChecks = {
  steps: {
    token: (ev) => {
      const login = exchangesTo(ev.exchanges, 'app', 'POST', '/api/jwt/login').find(
        (e) => e.status === 200 && typeof jsonOf(e.responseBody).accessToken === 'string',
      );
      return login ? `Holding an access token of ${emailOf(login)}.` : null;
    },
    transfer: (ev) => {
      const transfer = transferWithoutStepUp(ev);
      return transfer ? `POST /api/bank/transfer with the bearer token alone: ${transfer.status}.` : null;
    },
  },
  goal: (ev) => {
    const transfer = transferWithoutStepUp(ev);
    if (!transfer) return null;
    if (transfer.status === 200) return 'succeeded';
    return jsonOf(transfer.responseBody).error === 'step_up_required' ? 'refused' : null;
  },
};

/** The MFA lab's part of the attack catalogue's walkthroughs. */
export const MFA_WALKTHROUGHS = {
  'mfa-replay': mfaReplay,
  'mfa-brute-force': mfaBruteForce,
  'mfa-bind-ticket': mfaBindTicket,
  'mfa-step-up': mfaStepUp,
} satisfies LabAttacks<typeof MFA_LAB>['walkthroughs'];
