import { describe, expect, it } from 'vitest';
import { PASSWORD_LAB } from '../../../src/common/labs/password';
import { PASSWORD_RUNNERS } from '../../../src/server/labs/password/attacks';
import { useTestLab, withTogglesOff } from '../helpers';
import { runAttack, runAttackAnswering } from './attack-run';

/**
 * Every password-lab runner against the real routes: it gets through with
 * its defence off and is refused with it on. The timing attack has its own
 * file (it needs a bcrypt cost that outweighs the noise).
 */
const h = useTestLab({ resetBeforeEach: true });

const FAST = PASSWORD_LAB.attacks.filter((a) => a.id !== 'enum-login-timing');

describe('the password lab’s server runners', () => {
  it('has a runner for every declared attack, and every attack a walkthrough', () => {
    expect(Object.keys(PASSWORD_RUNNERS).sort()).toEqual(PASSWORD_LAB.attacks.map((a) => a.id).sort());
    for (const attack of PASSWORD_LAB.attacks) expect(attack.walkthrough?.steps.length, attack.id).toBeGreaterThan(1);
  });

  it.each(FAST.map((a) => [a.id, a.defeats] as const))('%s is blocked with its defence on', async (id) => {
    const result = await runAttack(h, PASSWORD_RUNNERS[id]);
    expect(result.succeeded, result.lines.join('\n')).toBe(false);
    expect(result.summary).toBeTruthy();
  });

  it.each(FAST.map((a) => [a.id, a.defeats] as const))('%s succeeds with its defence off', async (id, defeats) => {
    await withTogglesOff(h, [...defeats], async () => {
      const result = await runAttack(h, PASSWORD_RUNNERS[id]);
      expect(result.succeeded, result.lines.join('\n')).toBe(true);
    });
  });

  it('leaves no failed logins behind: the spray gives them back', async () => {
    await withTogglesOff(h, ['accounts.passwordDenyList'], async () => {
      await runAttack(h, PASSWORD_RUNNERS['password-spray']);
    });
    const failures = h.lab.context.db.prepare(
      "SELECT COALESCE(SUM(count), 0) AS n FROM login_failures WHERE key LIKE 'account:spray-%' OR key LIKE 'account-ip:spray-%'",
    );
    expect((failures.get() as { n: number }).n).toBe(0);
  });

  it.each([
    ['reset-leaked-token', 429, 'busy', 0],
    ['reset-reused-link', 400, 'weak_password', 1],
  ] as const)(
    '%s facing an unrelated %s %s on the reset could not run: not a verdict of blocked',
    async (id, status, error, after) => {
      // The reused link's first reset is the victim's own: the unrelated answer meets the attacker's.
      const answer = { method: 'POST', path: '/api/password/reset', status, body: { error }, after };
      const run = runAttackAnswering(h, PASSWORD_RUNNERS[id], answer);
      await expect(run).rejects.toMatchObject({ statusCode: 409 });
    },
  );

  it.each(FAST.map((a) => [a.id, a.defeats] as const))(
    '%s leaves no account or mail behind, with its defence off or on',
    async (id, defeats) => {
      const users = h.lab.context.users.count();
      const mails = h.lab.context.mailer.list().length;
      await withTogglesOff(h, [...defeats], async () => void (await runAttack(h, PASSWORD_RUNNERS[id])));
      await runAttack(h, PASSWORD_RUNNERS[id]);
      expect([h.lab.context.users.count(), h.lab.context.mailer.list().length]).toEqual([users, mails]);
      expect(h.lab.context.users.demoAccounts().length).toBeGreaterThan(0);
    },
  );
});
