import { SESSION_COOKIE } from '../../../auth/session-cookie';
import type { AttackRunContext } from '../../attack-kit';
import { demoVictim, signInVictim } from '../../../core/demo-sign-in';
import { ATTACKER_USER_AGENT, cookieFingerprint } from '../attacker';

/** Headers of the attacker's own HTTP client: another machine, so the traffic view can tell it apart. */
export const ATTACKER_HEADERS = { 'user-agent': ATTACKER_USER_AGENT };

export const sessionCookieOf = (run: AttackRunContext, browser: ReturnType<AttackRunContext['browser']>) =>
  browser.cookie(new URL(run.ctx.origins.app).hostname, SESSION_COOKIE);

/** The victim logs in to the session lab in a browser of their own; returns it, its cookie and its CSRF token. */
export async function victimLogsIn(run: AttackRunContext, browser = run.browser()) {
  const account = demoVictim(run.ctx);
  const body = await signInVictim(browser, `${run.ctx.origins.app}/api/session/login`, account);
  const cookie = sessionCookieOf(run, browser) ?? '';
  run.say(
    `The victim (${account.email}) logged in: POST /api/session/login → 200, cookie ${cookieFingerprint(cookie)}.`,
  );
  return { browser, cookie, csrfToken: String(body.csrfToken ?? '') };
}

/** The attacker, from their own machine, sends GET /api/session/me carrying nothing but a copy of the cookie. */
export async function attackerUsesCookie(run: AttackRunContext, cookie: string) {
  const attacker = run.browser();
  const answer = await attacker.request('GET', `${run.ctx.origins.app}/api/session/me`, {
    headers: { ...ATTACKER_HEADERS, cookie: `${SESSION_COOKIE}=${cookie}` },
  });
  const email =
    answer.status === 200 ? ((JSON.parse(answer.text) as { user?: { email?: string } }).user?.email ?? '') : '';
  run.say(
    `The attacker sent GET /api/session/me with the copied cookie → ${answer.status}${email ? `: signed in as ${email}` : ''}.`,
  );
  return { status: answer.status, email };
}

/**
 * Ends the session a cookie names, whatever the toggles say (DELETE
 * /api/session/sessions/:id), so a run leaves no live session behind.
 * A session that already ended needs nothing.
 */
export async function endSession(run: AttackRunContext, cookie: string, csrfToken: string): Promise<void> {
  const browser = run.browser();
  const headers = { cookie: `${SESSION_COOKIE}=${cookie}`, 'x-csrf-token': csrfToken };
  const list = await browser.request('GET', `${run.ctx.origins.app}/api/session/sessions`, { headers });
  if (list.status !== 200) return;
  const current = (JSON.parse(list.text) as Array<{ id: string; current: boolean }>).find((s) => s.current);
  if (current)
    await browser.request('DELETE', `${run.ctx.origins.app}/api/session/sessions/${current.id}`, { headers });
}
