import { cannotRun, type ServerAttack } from '../../attack-kit';
import { restoreClock } from '../../../core/demo-sign-in';
import { REFRESH_COOKIE } from '../routes';
import { attackerCalls, victimToken } from './scene';

const DAY_MS = 24 * 3600_000;

/** A stolen refresh token replayed after the victim has already rotated it. */
export const refreshReuse: ServerAttack = {
  async run(run) {
    const { browser } = await victimToken(run);
    const host = new URL(run.ctx.origins.app).hostname;
    const stolen = browser.cookie(host, REFRESH_COOKIE) ?? '';
    run.say('A thief copied refresh token #1 from the victim\u2019s cookie.');
    const url = `${run.ctx.origins.app}/api/jwt/refresh`;
    const victim = await browser.request('POST', url, { json: {} });
    run.say(`The victim refreshes as usual: POST /api/jwt/refresh → ${victim.status}, token #1 rotated out.`);
    const thief = await run
      .browser()
      .request('POST', url, { json: {}, headers: { cookie: `${REFRESH_COOKIE}=${stolen}` } });
    run.say(`The thief spends the same token #1 → ${thief.status}.`);
    if (victim.status !== 200)
      throw cannotRun(`the victim's own refresh answered ${victim.status}, so there was no rotation to replay.`);
    const succeeded = thief.status === 200;
    if (succeeded) return { succeeded, summary: 'The replayed refresh token worked: the thief has a fresh session.' };
    // Blocked only by the defence's own refusal, never by an unrelated answer (a 429, a 5xx).
    const code = /"error"\s*:\s*"([a-z_]+)"/.exec(thief.text)?.[1];
    if (thief.status !== 401 || code !== 'refresh_token_reused')
      throw cannotRun(`the replay answered ${thief.status} ${code ?? '?'}, not a reuse refusal.`);
    const again = await browser.request('POST', url, { json: {} });
    run.say(
      `The victim\u2019s newer token #2 → ${again.status}: the whole family ${again.status === 200 ? 'lives' : 'is revoked'}.`,
    );
    return { succeeded, summary: 'Reuse detected: the family is revoked, the thief gets nothing.' };
  },
};

/** A stolen access token used a day later, on the lab clock. */
export const longTtl: ServerAttack = {
  async run(run) {
    const { token } = await victimToken(run);
    run.say('An attacker copies the access token, then waits a day (lab clock +1 day).');
    const offsetBefore = run.ctx.clock.offsetMs;
    run.ctx.clock.advance(DAY_MS);
    try {
      const { status, error } = await attackerCalls(run, '/api/jwt/me', token);
      if (status === 200) return { succeeded: true, summary: 'A day later the stolen token still works.' };
      if (status === 401 && error === 'token_expired')
        return { succeeded: false, summary: 'The stolen token had already expired.' };
      throw cannotRun(`GET /api/jwt/me answered ${status} ${error ?? '?'}, not an expired token.`);
    } finally {
      restoreClock(run.ctx, offsetBefore);
      run.say('Lab clock back where it was before the attack.');
    }
  },
};
