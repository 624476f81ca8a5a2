import { cannotRun, type ServerAttack } from '../../attack-kit';
import { mfaApi, said } from './scene';

/** The victim's code, seen over a shoulder, typed again by the attacker inside its window. */
export const mfaReplay: ServerAttack = {
  async run(run) {
    const api = mfaApi(run);
    const victim = await api.account('victim');
    run.say(`Made ${victim.email} with MFA on; its password is the attacker's, from a breach.`);
    // The account's creation spent no step; the next step's code is inside the ±1 window and fresh.
    const seen = (await api.codes(victim.secret)).next;
    const first = await api.finish((await api.passwordStep(victim)).ticket, seen);
    run.say(`The victim signs in with a code from the authenticator: ${said(first)}.`);
    if (first.status !== 200) throw cannotRun(`the victim could not sign in (${said(first)}).`);
    const again = await api.finish((await api.passwordStep(victim)).ticket, seen);
    run.say(`The attacker signs in with the password and the same code: ${said(again)}.`);
    const succeeded = again.status === 200;
    return {
      succeeded,
      summary: succeeded
        ? 'The same code worked twice: inside its window it was as good as a password.'
        : 'The code’s time step was already spent, so the second use was refused (RFC 6238 §5.2).',
    };
  },
};
