import type { ServerAttack } from '../../attack-kit';
import { SESSION_COOKIE } from '../../../auth/session-cookie';
import { attackerUsesCookie, endSession, victimLogsIn } from './scene';

/** A copy of the cookie taken before logout, replayed after it. */
export const logoutReplay: ServerAttack = {
  async run(run) {
    const { browser, cookie, csrfToken } = await victimLogsIn(run);
    run.say('The attacker took a copy of the session cookie (a shared computer, a proxy log).');
    const out = await browser.request('POST', `${run.ctx.origins.app}/api/session/logout`, {
      headers: { 'x-csrf-token': csrfToken },
    });
    const stillHeld = browser.cookie(new URL(run.ctx.origins.app).hostname, SESSION_COOKIE) !== undefined;
    run.say(
      `The victim logged out: POST /api/session/logout → ${out.status}; the browser ${stillHeld ? 'still holds' : 'dropped'} its cookie.`,
    );
    try {
      const replay = await attackerUsesCookie(run, cookie);
      const succeeded = replay.status === 200;
      return {
        succeeded,
        summary: succeeded
          ? 'Logout only cleared the browser\u2019s cookie: the session lived on, and the copy still opens it.'
          : `The copy got ${replay.status}: logout ended the session on the server, so every copy is worthless.`,
      };
    } finally {
      await endSession(run, cookie, csrfToken);
    }
  },
};
