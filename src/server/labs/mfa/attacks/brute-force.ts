import { cannotRun, type ServerAttack } from '../../attack-kit';
import { mfaApi, said } from './scene';

/**
 * Wrong guesses the run sends on one ticket: well past the limit of about 5,
 * few enough to stay quick and under the lab's general limit of requests.
 */
export const BRUTE_FORCE_GUESSES = 20;

/** Guesses at the 6-digit code on one pending login, counting how many the server takes. */
export const mfaBruteForce: ServerAttack = {
  async run(run) {
    const api = mfaApi(run);
    const victim = await api.account('victim');
    const { ticket } = await api.passwordStep(victim);
    const codes = await api.codes(victim.secret);
    // The codes right at this moment are skipped, so the run shows the limit at work, not luck.
    const right = new Set([codes.previous, codes.current, codes.next]);
    run.say(`Made ${victim.email} with MFA on; the password step gave a ticket.`);
    let guess = 100_000 + Math.floor(Math.random() * 800_000);
    for (let attempt = 1; attempt <= BRUTE_FORCE_GUESSES; attempt++) {
      let code = String(guess++);
      while (right.has(code)) code = String(guess++);
      const res = await api.finish(ticket, code);
      if (res.status === 401 && res.body.error === 'invalid_code') continue;
      // Only the attempt limit's answer (the ticket is gone) is the defence; a 429 or a 5xx is not.
      if (res.status !== 401 || res.body.error !== 'mfa_ticket_invalid')
        throw cannotRun(`guess ${attempt} answered ${said(res)}, neither a wrong code nor a spent ticket.`);
      run.say(`Guess ${attempt} answered ${said(res)}: the pending login is over.`);
      return { succeeded: false, summary: `The ticket died after ${attempt - 1} wrong codes.` };
    }
    run.say(`${BRUTE_FORCE_GUESSES} wrong guesses, every one answered invalid_code: the ticket is still alive.`);
    const hit = await api.finish(ticket, codes.next);
    run.say(`The next guess is the right code: ${said(hit)}.`);
    if (hit.status !== 200)
      throw cannotRun(`the right code, on a ticket that took every guess, answered ${said(hit)}.`);
    return {
      succeeded: true,
      summary: `Nothing limited the guesses: ${BRUTE_FORCE_GUESSES} wrong codes, and the ticket still took the right one.`,
    };
  },
};
