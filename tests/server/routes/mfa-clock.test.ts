import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { codeAt, enroll, freshUser, passwordStep, type MfaUser } from '../helpers/mfa';

const h = useTestLab();

const moveClock = (json: { advanceMs: number } | { reset: true }) => h.call('POST', '/api/lab/clock', { json });

const signIn = async (user: MfaUser, code: string) =>
  h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: await passwordStep(h, user), code } });

describe('TOTP replay protection on the lab clock', () => {
  it('a code spent while the clock was ahead does not lock the learner out after the clock goes back', async () => {
    await moveClock({ reset: true });
    const user = await enroll(h, await freshUser(h));
    await moveClock({ advanceMs: 15 * 60_000 });
    expect((await signIn(user, codeAt(h, user.secret!))).status).toBe(200);
    await moveClock({ reset: true });
    // The next step's code: the current one may be the step that confirmed the enrollment.
    const code = codeAt(h, user.secret!, 1);
    expect((await signIn(user, code)).status).toBe(200);
    // Replay protection still holds on the clock's own timeline.
    const replay = await signIn(user, code);
    expect(replay.status).toBe(401);
    expect(replay.body.reason).toBe('code_already_used');
  });

  it('Reset lab forgets the spent steps, even those spent a day ahead', async () => {
    const user = await enroll(h, await freshUser(h));
    await moveClock({ advanceMs: 24 * 3_600_000 });
    expect((await signIn(user, codeAt(h, user.secret!))).status).toBe(200);
    expect((await h.call('POST', '/api/lab/reset')).status).toBe(200);
    const spent = h.lab.context.db.prepare('SELECT COUNT(*) AS n FROM totp_spent_steps').get() as { n: number };
    expect(spent.n).toBe(0);
    expect((await signIn(user, codeAt(h, user.secret!, 1))).status).toBe(200);
  });
});
