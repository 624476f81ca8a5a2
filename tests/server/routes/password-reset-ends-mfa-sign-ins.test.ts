import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { codeAt, enroll, freshUser, passwordStep } from '../helpers/mfa';
import { forgot, mailedLink, reset } from '../helpers/password';

const h = useTestLab({ resetBeforeEach: true });

/** A reset ends every sign-in the old password started, those still waiting for their code included. */
describe('a password reset and the MFA sign-ins in progress', () => {
  it('a ticket won with the old password is refused after the reset, even with the right code', async () => {
    const user = await enroll(h, await freshUser(h));
    const ticket = await passwordStep(h, user);
    expect((await forgot(h, user.email)).status).toBe(202);
    const { token } = await mailedLink(h, user.email);
    expect((await reset(h, token, 'a brand new passphrase 7')).status).toBe(200);
    const finished = await h.call('POST', '/api/session/login/mfa', {
      json: { mfaTicket: ticket, code: codeAt(h, user.secret!) },
    });
    expect([finished.status, finished.body.error]).toEqual([401, 'mfa_ticket_invalid']);
  });
});
