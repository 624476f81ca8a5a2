import { randomBytes } from 'node:crypto';
import { cannotRun, noteThrowaway, type AttackRunContext } from '../../attack-kit';
import type { ScriptedBrowser } from '../../../core/scripted-browser';

/** A short random tag, so every run makes its own accounts and never touches the learner's. */
export const tag = () => randomBytes(5).toString('hex');

/** The password every reset attack sets once it holds a token. */
export const STOLEN_PASSWORD = 'attacker chose this one 7';

/** A wrong password: what an attacker who only wants to know whether an account exists sends. */
export const WRONG_PASSWORD = 'not the password 4417';

/** The app origin's API, as the attacker's scripted browser calls it (no cookies of the learner). */
export function appApi(run: AttackRunContext, browser: ScriptedBrowser = run.browser()) {
  const app = run.ctx.origins.app;
  const call = (method: string, path: string, json?: unknown, headers?: Record<string, string>) => {
    run.signal.throwIfAborted();
    return browser.call(method, `${app}${path}`, { json, headers });
  };
  return {
    call,
    post: (path: string, json: unknown, headers?: Record<string, string>) => call('POST', path, json, headers),
    get: (path: string) => call('GET', path),
    /** A throwaway account that really exists, made through the real register route. */
    async register(prefix: string, password = `victim pass ${tag()}`) {
      const email = `${prefix}-${tag()}@example.test`;
      const res = await call('POST', '/api/auth/register', { email, password });
      if (res.status !== 202) throw cannotRun(`could not make an account: ${res.body.message ?? res.status}`);
      noteThrowaway(run, email);
      return { email, password };
    },
    /** A password login on the session lab: its status and error code. */
    async login(email: string, password: string) {
      const res = await call('POST', '/api/session/login', { email, password });
      return {
        status: res.status,
        code: String(res.body.error ?? (res.body.requiresMfa ? 'mfa_required' : 'ok')),
        body: res.body,
      };
    },
    /**
     * Forgets the failed logins a run caused (a lab helper), so an attack run
     * never locks the learner or the next run out.
     */
    async giveBackFailures(emails: string[]) {
      await call('POST', '/api/lab/password/give-back-failures', { emails });
    },
  };
}

export type AppApi = ReturnType<typeof appApi>;

/** The newest reset mail to this address, from the lab inbox. */
export async function resetLinkTo(api: AppApi, email: string): Promise<string | undefined> {
  const inbox = await api.get('/api/lab/inbox');
  const mails = Array.isArray(inbox.body)
    ? (inbox.body as Array<{ to: string; subject: string; links: string[] }>)
    : [];
  return mails.find((m) => m.to === email && m.subject === 'Reset your Auth Lab password')?.links[0];
}

/** The token in a reset link: `<origin>/#/password-lab/reset?token=…`. */
export function tokenOfLink(link: string): string | null {
  const hash = link.includes('#') ? link.slice(link.indexOf('#')) : '';
  const query = hash.split('?')[1];
  return query ? new URLSearchParams(query).get('token') : null;
}
