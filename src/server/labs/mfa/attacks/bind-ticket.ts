import type { ServerAttack } from '../../attack-kit';
import { mfaApi, said } from './scene';

/** Skip the code page, or finish the victim's ticket with the attacker's own code. */
export const mfaBindTicket: ServerAttack = {
  async run(run) {
    const api = mfaApi(run);
    const victim = await api.account('victim');
    // A fresh attacker too: a reused one may have spent the code this run needs.
    const attacker = await api.account('attacker');
    run.say(`Victim ${victim.email} (MFA on); attacker ${attacker.email} (MFA on, own phone).`);
    const first = await api.passwordStep(victim);
    const skipped = typeof first.body.csrfToken === 'string';
    run.say(
      skipped
        ? 'Skip: the password step already started a signed-in session (a session cookie and a CSRF token).'
        : 'Skip: the password step gave only a ticket, no session.',
    );
    const code = (await api.codes(attacker.secret)).next;
    const swap = await api.finish(first.ticket, code, { email: attacker.email });
    const as = swap.body.user?.email ? `, signed in as ${swap.body.user.email}` : '';
    run.say(`Swap: the victim's ticket, the attacker's code and "email": "${attacker.email}": ${said(swap)}${as}.`);
    const swapped = swap.status === 200 && swap.body.user?.email === victim.email;
    const succeeded = skipped || swapped;
    return {
      succeeded,
      summary: succeeded
        ? 'The half-login was trusted: the attacker got into the victim’s account without the victim’s phone.'
        : 'The password alone reached nothing, and the ticket took only its own user’s code.',
    };
  },
};
