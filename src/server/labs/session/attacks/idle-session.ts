import type { ServerAttack } from '../../attack-kit';
import { restoreClock } from '../../../core/demo-sign-in';
import { IDLE_TIMEOUT_MS } from '../policy';
import { attackerUsesCookie, endSession, victimLogsIn } from './scene';

/** How long the session sits unused: past the idle timeout, far within the absolute lifetime. */
const LEFT_ALONE_MS = IDLE_TIMEOUT_MS + 5 * 60_000;

/** A session left open on a shared computer, used by the next person after the idle period. */
export const idleSession: ServerAttack = {
  async run(run) {
    const { cookie, csrfToken } = await victimLogsIn(run);
    run.say('The victim walks away from a shared computer without logging out; the attacker copies the cookie.');
    const offsetBefore = run.ctx.clock.offsetMs;
    run.ctx.clock.advance(LEFT_ALONE_MS);
    run.say(`Nobody uses the session for ${LEFT_ALONE_MS / 60_000} minutes (lab clock moved forward).`);
    try {
      const replay = await attackerUsesCookie(run, cookie);
      const succeeded = replay.status === 200;
      return {
        succeeded,
        summary: succeeded
          ? `${LEFT_ALONE_MS / 60_000} minutes unused and the session still works: only the absolute lifetime will end it.`
          : `The copy got ${replay.status}: the session ended on the server after ${IDLE_TIMEOUT_MS / 60_000} idle minutes.`,
      };
    } finally {
      restoreClock(run.ctx, offsetBefore);
      run.say('Lab clock back where it was before the attack.');
      await endSession(run, cookie, csrfToken);
    }
  },
};
