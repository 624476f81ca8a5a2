import type { JsonAnswer } from '../../../core/scripted-browser';
import { cannotRun, noteThrowaway, type AttackRunContext } from '../../attack-kit';

export interface LabAccount {
  email: string;
  password: string;
  /** The TOTP seed its authenticator holds. */
  secret: string;
}

export const said = (res: { status: number; body: JsonAnswer }) =>
  res.status === 200 ? '200 OK' : `${res.status} ${res.body.error ?? ''}`.trim();

/**
 * The MFA lab's API as the attacker's scripted browser calls it: throwaway
 * accounts with MFA on (a lab helper, so every run has its own victim and the
 * per-account limits of one run never spoil the next), the built-in
 * authenticator, and the two steps of the session lab's login.
 */
export function mfaApi(run: AttackRunContext) {
  const browser = run.browser();
  const app = run.ctx.origins.app;
  const post = (path: string, json: unknown, headers?: Record<string, string>) => {
    run.signal.throwIfAborted();
    return browser.call('POST', `${app}${path}`, { json, headers });
  };
  return {
    post,
    async account(kind: 'victim' | 'attacker'): Promise<LabAccount> {
      const res = await post('/api/lab/mfa/attack-account', { kind });
      if (res.status !== 200) throw cannotRun(`could not make an account with MFA (${said(res)}).`);
      noteThrowaway(run, (res.body as LabAccount).email);
      return res.body as LabAccount;
    },
    /** The previous, current and next codes of a secret on the lab clock (the built-in authenticator). */
    async codes(secret: string): Promise<{ previous: string; current: string; next: string }> {
      const res = await post('/api/lab/mfa/authenticator', { secret });
      if (res.status !== 200) throw cannotRun(`the authenticator answered ${said(res)}.`);
      return res.body.codes;
    },
    /** The password step: the MFA ticket it hands out, and the whole answer. */
    async passwordStep(account: Pick<LabAccount, 'email' | 'password'>) {
      const res = await post('/api/session/login', { email: account.email, password: account.password });
      if (typeof res.body.mfaTicket !== 'string')
        throw cannotRun(`the password step did not ask for a code (${said(res)}): is MFA on for ${account.email}?`);
      return { ticket: res.body.mfaTicket as string, body: res.body };
    },
    finish: (mfaTicket: string, code: string, extra: Record<string, string> = {}) =>
      post('/api/session/login/mfa', { mfaTicket, code, ...extra }),
  };
}
