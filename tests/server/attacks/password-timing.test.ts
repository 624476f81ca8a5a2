import { describe, expect, it } from 'vitest';
import { PASSWORD_WALKTHROUGHS } from '../../../src/server/labs/password/walkthroughs';
import { PASSWORD_RUNNERS } from '../../../src/server/labs/password/attacks';
import { useTestLab, withTogglesOff } from '../helpers';
import { attempt, runAttack } from './attack-run';

/**
 * The login-timing attack, run and done by hand. Its signal is one bcrypt
 * compare, so the lab runs at a cost where bcrypt outweighs the noise of a
 * loaded machine (the real app's cost, 10 to 12, is slower still).
 */
const h = useTestLab({ bcryptCost: 9, resetBeforeEach: true });

const WRONG = 'not the password 4417';
const failedLogin = (email: string) => h.call('POST', '/api/session/login', { json: { email, password: WRONG } });

describe('enum-login-timing', () => {
  it('the runner tells the account apart with login.constantTime off, and not with it on', async () => {
    const on = await runAttack(h, PASSWORD_RUNNERS['enum-login-timing']);
    expect(on.succeeded, on.lines.join('\n')).toBe(false);
    await withTogglesOff(h, ['login.constantTime'], async () => {
      const off = await runAttack(h, PASSWORD_RUNNERS['enum-login-timing']);
      expect(off.succeeded, off.lines.join('\n')).toBe(true);
    });
  });

  it('done by hand: three timed failures each way; the goal reads the server’s durations', async () => {
    await withTogglesOff(h, ['login.constantTime'], async () => {
      const run = attempt(h, PASSWORD_WALKTHROUGHS['enum-login-timing'], false);
      await failedLogin('nobody-warm@example.test');
      for (let i = 0; i < 2; i++) await failedLogin('user@authlab.test');
      // Two are not enough to call it.
      expect(run.step('existing')).toBeNull();
      expect(run.goal()).toBeNull();
      await failedLogin('user@authlab.test');
      for (let i = 1; i <= 3; i++) await failedLogin(`nobody-${i}@example.test`);
      expect(run.step('existing')).toMatch(/3 failed logins for an existing account/);
      expect(run.step('unknown')).toMatch(/failed logins for unknown emails/);
      expect(run.goal()).toBe('succeeded');
    });
  });
});
