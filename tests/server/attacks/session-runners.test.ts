import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_LAB } from '../../../src/common/labs/session';
import { LabError } from '../../../src/server/core/errors';
import { demoVictim, signInVictim } from '../../../src/server/core/demo-sign-in';
import { SESSION_RUNNERS } from '../../../src/server/labs/session/attacks';
import { demoPassword, setToggles, turnEveryDefenceOn, useTestLab } from '../helpers';
import { runContext } from './attack-run';

/** Every session attack the server runs: blocked with its defences on, exploited with them off, over real HTTP. */
describe('session lab server runners', () => {
  const h = useTestLab({ resetBeforeEach: true });
  afterEach(() => turnEveryDefenceOn(h));

  const serverAttacks = SESSION_LAB.attacks.filter((a) => !('runsIn' in a) || a.runsIn !== 'browser');

  it('has a runner for exactly the attacks that run on the server', () => {
    expect(Object.keys(SESSION_RUNNERS).sort()).toEqual(serverAttacks.map((a) => a.id).sort());
  });

  it.each(serverAttacks.map((a) => [a.id, a.defeats] as const))(
    '%s: blocked with %j on, exploited with it off',
    async (id, defeats) => {
      const runner = SESSION_RUNNERS[id as keyof typeof SESSION_RUNNERS]!;
      const clockBefore = h.lab.context.clock.offsetMs;
      const on = runContext(h);
      const blocked = await runner.run(on);
      expect(blocked.succeeded, on.said.join('\n')).toBe(false);

      await setToggles(h, Object.fromEntries(defeats.map((t) => [t, false])));
      const off = runContext(h);
      const exploited = await runner.run(off);
      expect(exploited.succeeded, off.said.join('\n')).toBe(true);
      expect(off.said.length).toBeGreaterThan(1);
      // The run leaves the lab as it found it: the clock where it was, no session left signed in.
      expect(h.lab.context.clock.offsetMs).toBe(clockBefore);
      const victim = h.lab.context.users.demoAccounts().find((a) => a.email === 'user@authlab.test')!;
      expect(h.lab.labs.session.store.listForUser(victim.id)).toEqual([]);
    },
  );

  it('stops with a clear 409, not "blocked", when the demo user is throttled', async () => {
    for (let i = 0; i < 6; i++) {
      await h.call('POST', '/api/session/login', {
        json: { email: 'user@authlab.test', password: 'wrong-password-1' },
      });
    }
    const failure = await SESSION_RUNNERS.logout!.run(runContext(h)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LabError);
    expect((failure as LabError).statusCode).toBe(409);
    expect((failure as LabError).extra).toMatchObject({ reason: 'throttled', account: 'user@authlab.test' });
    expect((failure as LabError).message).toMatch(/throttled/);
    expect(demoPassword(h, 'user@authlab.test')).not.toBe('wrong-password-1');
  });

  it('stops with a clear 409 when the scripted victim has MFA on', async () => {
    const run = runContext(h);
    const account = demoVictim(h.lab.context, 'mfa@authlab.test');
    const failure = await signInVictim(run.browser(), `${h.lab.origins.app}/api/session/login`, account).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(LabError);
    expect((failure as LabError).extra).toMatchObject({ reason: 'mfa_required', account: 'mfa@authlab.test' });
    expect((failure as LabError).message).toMatch(/MFA on/);
  });
});
