import type { JsonAnswer } from '../../../core/scripted-browser';
import { cannotRun, type ServerAttack } from '../../attack-kit';
import { mfaApi, said } from './scene';

/** The demo account whose token the attacker found; its own password is in the lab's list of demo accounts. */
const HOLDER = 'user@authlab.test';

/** Why the run cannot get the token it needs: an awkward state of the demo account, not a verdict. */
function cannotSignIn(res: { status: number; body: JsonAnswer }) {
  if (res.body.requiresMfa)
    return cannotRun(
      `${HOLDER} has MFA on, so its JWT login asks for a code. Turn MFA off for it in the MFA lab, or reset the lab.`,
      { reason: 'mfa_required', account: HOLDER },
    );
  if (res.status === 429)
    return cannotRun(
      `logins of ${HOLDER} are throttled (${res.body.message ?? 'rate limited'}). Reset the counters in the rate-limit lab or move the lab clock.`,
      { reason: 'throttled', account: HOLDER },
    );
  return cannotRun(`the JWT login of ${HOLDER} answered ${said(res)}.`, { reason: 'refused', account: HOLDER });
}

/** A valid access token from an earlier login sends money without a fresh proof. */
export const mfaStepUp: ServerAttack = {
  async run(run) {
    const api = mfaApi(run);
    const holder = run.ctx.users.demoAccounts().find((a) => a.email === HOLDER);
    if (!holder) throw cannotRun(`the demo account ${HOLDER} is missing.`);
    const login = await api.post('/api/jwt/login', { email: holder.email, password: holder.password });
    if (login.status !== 200 || typeof login.body.accessToken !== 'string') throw cannotSignIn(login);
    const bearer = { authorization: `Bearer ${login.body.accessToken}` };
    run.say(`The attacker holds a valid access token of ${HOLDER}, copied from a shared machine.`);
    const transfer = await api.post('/api/bank/transfer', { to: 'attacker-account', amount: 5000 }, bearer);
    run.say(`POST /api/bank/transfer with it, no password, no code: ${said(transfer)}.`);
    if (transfer.status === 200) {
      return { succeeded: true, summary: 'The bank trusted the old login: money left with no fresh proof.' };
    }
    // The real user's path: prove it is you, then the transfer goes through.
    const up = await api.post('/api/auth/step-up', { password: holder.password }, bearer);
    const rent = await api.post('/api/bank/transfer', { to: 'landlord', amount: 800 }, bearer);
    run.say(`The real user steps up with the password (${said(up)}) and pays the rent: ${said(rent)}.`);
    return { succeeded: false, summary: 'Moving money asked for an authentication within the last 5 minutes.' };
  },
};
