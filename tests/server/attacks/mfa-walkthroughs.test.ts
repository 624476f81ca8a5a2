import { describe, expect, it } from 'vitest';
import { MFA_WALKTHROUGHS as CHECKS } from '../../../src/server/labs/mfa/walkthroughs';
import { demoPassword, mfaLab, useTestLab, withTogglesOff } from '../helpers';
import { attempt } from './attack-run';

/**
 * The MFA lab's walkthroughs done by hand over HTTP: the learner's own
 * requests, each step checked from the recorded exchanges (codes masked,
 * tickets fingerprinted) and the lab's state.
 */
const h = useTestLab({ resetBeforeEach: true });

const labAccount = async (kind: 'victim' | 'attacker') =>
  (await h.call('POST', '/api/lab/mfa/attack-account', { json: { kind } })).body as {
    email: string;
    password: string;
    secret: string;
  };
const codeStep = (mfaTicket: string, code: string, extra: Record<string, string> = {}) =>
  h.call('POST', '/api/session/login/mfa', { json: { mfaTicket, code, ...extra } });

describe('mfa-brute-force by hand', () => {
  async function doIt(defenceOn: boolean) {
    const run = attempt(h, CHECKS['mfa-brute-force'], defenceOn);
    const victim = await labAccount('victim');
    const ticket = await mfaLab.passwordStep(h, victim);
    expect(run.step('ticket')).toContain(victim.email);
    for (let i = 1; i <= 3; i++) await codeStep(ticket, `00000${i}`);
    // Three guesses are not yet past the limit: the step stays open.
    expect(run.step('guess')).toBeNull();
    expect(run.goal()).toBeNull();
    for (let i = 4; i <= 6; i++) await codeStep(ticket, `00000${i}`);
    expect(run.step('guess')).toMatch(/6 codes sent on one ticket/);
    return run.goal();
  }

  it('is refused while the attempt limit ends the ticket', async () => {
    expect(await doIt(true)).toBe('refused');
  });

  it('succeeds when every wrong code leaves the ticket alive', async () => {
    await withTogglesOff(h, ['mfa.attemptLimit'], async () => expect(await doIt(false)).toBe('succeeded'));
  });
});

describe('mfa-bind-ticket by hand', () => {
  async function doIt(defenceOn: boolean) {
    const run = attempt(h, CHECKS['mfa-bind-ticket'], defenceOn);
    const victim = await labAccount('victim');
    expect(run.step('accounts')).toBeNull();
    const attacker = await labAccount('attacker');
    expect(run.step('accounts')).toContain(attacker.email);
    const ticket = await mfaLab.passwordStep(h, victim);
    expect(run.step('victim-ticket')).toContain(victim.email);
    // A wrong attempt: the victim's ticket sent without naming anyone else is no swap.
    await codeStep(ticket, '000000');
    expect(run.step('swap')).toBeNull();
    await codeStep(ticket, mfaLab.codeAt(h, attacker.secret, 1), { email: attacker.email });
    expect(run.step('swap')).toContain(attacker.email);
    return run.goal();
  }

  it('is refused while the ticket is bound to its user', async () => {
    expect(await doIt(true)).toBe('refused');
  });

  it('succeeds when the ticket takes whoever the request names', async () => {
    await withTogglesOff(h, ['mfa.bindTicket'], async () => expect(await doIt(false)).toBe('succeeded'));
  });
});

describe('mfa-replay by hand', () => {
  async function doIt(defenceOn: boolean) {
    const run = attempt(h, CHECKS['mfa-replay'], defenceOn);
    const victim = await labAccount('victim');
    expect(run.step('victim')).toContain(victim.email);
    const code = mfaLab.codeAt(h, victim.secret);
    expect((await codeStep(await mfaLab.passwordStep(h, victim), code)).status).toBe(200);
    expect(run.step('first-login')).toContain(victim.email);
    await codeStep(await mfaLab.passwordStep(h, victim), code);
    // A wrong paste: a code the victim never had leaves the step open.
    run.paste('replay', code === '123456' ? '654321' : '123456');
    expect(run.step('replay')).toBeNull();
    run.paste('replay', code);
    return { run, goal: run.goal() };
  }

  it('is refused while a spent step is never accepted again', async () => {
    const { run, goal } = await doIt(true);
    expect(goal).toBe('refused');
    expect(run.step('replay')).toBeNull();
  });

  it('succeeds when the same code signs in twice', async () => {
    await withTogglesOff(h, ['mfa.replayProtection'], async () => {
      const { run, goal } = await doIt(false);
      expect(run.step('replay')).toMatch(/accepted a second time/);
      expect(goal).toBe('succeeded');
    });
  });
});

describe('mfa-step-up by hand', () => {
  async function doIt(defenceOn: boolean) {
    const run = attempt(h, CHECKS['mfa-step-up'], defenceOn);
    const email = 'user@authlab.test';
    const login = await h.call('POST', '/api/jwt/login', { json: { email, password: demoPassword(h, email) } });
    expect(run.step('token')).toContain(email);
    expect(run.step('transfer')).toBeNull();
    await h.call('POST', '/api/bank/transfer', {
      json: { to: 'attacker-account', amount: 5000 },
      headers: { authorization: `Bearer ${login.body.accessToken}` },
    });
    expect(run.step('transfer')).toBeTruthy();
    return run.goal();
  }

  it('is refused while moving money needs a fresh proof', async () => {
    expect(await doIt(true)).toBe('refused');
  });

  it('succeeds when an old token is enough', async () => {
    await withTogglesOff(h, ['mfa.stepUp'], async () => expect(await doIt(false)).toBe('succeeded'));
  });
});
