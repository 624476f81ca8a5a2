import { describe, expect, it } from 'vitest';
import { MFA_LAB } from '../../../src/common/labs/mfa';
import { MFA_RUNNERS } from '../../../src/server/labs/mfa/attacks';
import { demoPassword, mfaLab, useTestLab, withTogglesOff } from '../helpers';
import { runAttack, runAttackAnswering } from './attack-run';

/** Every MFA-lab runner against the real routes: through with its defence off, refused with it on. */
const h = useTestLab({ resetBeforeEach: true });

const ATTACKS = MFA_LAB.attacks.map((a) => [a.id, a.defeats] as const);

describe('the MFA lab’s server runners', () => {
  it('has a runner for every declared attack, and every attack a walkthrough', () => {
    expect(Object.keys(MFA_RUNNERS).sort()).toEqual(MFA_LAB.attacks.map((a) => a.id).sort());
    for (const attack of MFA_LAB.attacks) expect(attack.walkthrough?.steps.length, attack.id).toBeGreaterThan(1);
  });

  it.each(ATTACKS)('%s is blocked with its defence on', async (id) => {
    const result = await runAttack(h, MFA_RUNNERS[id]);
    expect(result.succeeded, result.lines.join('\n')).toBe(false);
  });

  it.each(ATTACKS)('%s succeeds with its defence off', async (id, defeats) => {
    await withTogglesOff(h, [...defeats], async () => {
      const result = await runAttack(h, MFA_RUNNERS[id]);
      expect(result.succeeded, result.lines.join('\n')).toBe(true);
    });
  });

  it('says why it cannot run when the demo account has MFA on, instead of calling the defence blocked', async () => {
    const email = 'user@authlab.test';
    const password = demoPassword(h, email);
    const login = await h.call('POST', '/api/session/login', { json: { email, password } });
    await mfaLab.enroll(h, { email, password, headers: mfaLab.sessionHeaders(login.headers, login.body.csrfToken) });
    await expect(runAttack(h, MFA_RUNNERS['mfa-step-up'])).rejects.toMatchObject({
      statusCode: 409,
      extra: { reason: 'mfa_required' },
    });
  });

  it('the brute force facing an unrelated 429 could not run: not a verdict of blocked', async () => {
    const answer = { method: 'POST', path: '/api/session/login/mfa', status: 429, body: { error: 'rate_limited' } };
    await expect(runAttackAnswering(h, MFA_RUNNERS['mfa-brute-force'], answer)).rejects.toMatchObject({
      statusCode: 409,
    });
  });

  it('the brute force whose right code is turned away on a live ticket could not run: not a verdict', async () => {
    await withTogglesOff(h, [...MFA_LAB.attacks.find((a) => a.id === 'mfa-brute-force')!.defeats], async () => {
      const answer = { method: 'POST', path: '/api/session/login/mfa', status: 429, body: { error: 'rate_limited' } };
      // Every wrong guess reaches the lab; only the last call, the right code, meets a busy lab.
      const run = runAttackAnswering(h, MFA_RUNNERS['mfa-brute-force'], { ...answer, after: 20 });
      await expect(run).rejects.toMatchObject({ statusCode: 409 });
    });
  });

  // The step-up attack signs in a demo account and makes none.
  it.each(ATTACKS.filter(([id]) => id !== 'mfa-step-up'))(
    '%s leaves no account or mail behind, with its defence off or on',
    async (id, defeats) => {
      const users = h.lab.context.users.count();
      const mails = h.lab.context.mailer.list().length;
      await withTogglesOff(h, [...defeats], async () => void (await runAttack(h, MFA_RUNNERS[id])));
      await runAttack(h, MFA_RUNNERS[id]);
      // A run that could not be carried out cleans up too.
      const busy = { method: 'POST', path: '/api/session/login/mfa', status: 429, body: { error: 'rate_limited' } };
      await runAttackAnswering(h, MFA_RUNNERS[id], busy).catch(() => undefined);
      expect([h.lab.context.users.count(), h.lab.context.mailer.list().length]).toEqual([users, mails]);
    },
  );
});
