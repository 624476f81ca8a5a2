import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PASSWORD_WALKTHROUGHS as CHECKS } from '../../../src/server/labs/password/walkthroughs';
import { passwordLab, useTestLab, withTogglesOff } from '../helpers';
import { attempt } from './attack-run';

/**
 * The password lab's walkthroughs done by hand over HTTP, as a learner with
 * curl would: each step turns green when it really happened, and the goal
 * says exploited with the defence off, refused with it on.
 */
const h = useTestLab({ resetBeforeEach: true });

/** A fresh address: registered accounts outlive a lab reset. */
const fresh = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}@example.test`;

const register = (email: string, password: string) =>
  h.call('POST', '/api/auth/register', { json: { email, password } });
const login = (email: string, password: string) => h.call('POST', '/api/session/login', { json: { email, password } });

describe('reset-leaked-token by hand', () => {
  async function doIt() {
    const victim = await passwordLab.freshAccount(h);
    const run = attempt(h, CHECKS['reset-leaked-token']);
    await passwordLab.forgot(h, victim.email);
    expect(run.step('request')).toContain(victim.email);
    const leak = await h.call('GET', '/api/lab/password/resets');
    expect(run.step('leak')).toBeTruthy();
    // A wrong attempt: a made-up token is not the stored value, so the step stays open.
    await passwordLab.reset(h, 'x'.repeat(43), 'attacker chose this one 7');
    expect(run.step('reset')).toBeNull();
    expect(run.goal()).toBeNull();
    const row = (leak.body as Array<{ email: string; tokenKey: string }>).find((r) => r.email === victim.email)!;
    await passwordLab.reset(h, row.tokenKey, 'attacker chose this one 7');
    expect(run.step('reset')).toMatch(/stored value/);
    return run.goal();
  }

  it('is refused while reset tokens are stored hashed', async () => {
    expect(await doIt()).toBe('refused');
  });

  it('succeeds when they are stored in clear', async () => {
    await withTogglesOff(h, ['reset.hashedToken'], async () => expect(await doIt()).toBe('succeeded'));
  });
});

describe('enum-register-answer by hand', () => {
  async function doIt() {
    const run = attempt(h, CHECKS['enum-register-answer']);
    await register('user@authlab.test', 'enumeration probe 1');
    expect(run.step('taken')).toContain('user@authlab.test');
    expect(run.step('free')).toBeNull();
    expect(run.goal()).toBeNull();
    const free = fresh('nobody');
    await register(free, 'enumeration probe 1');
    expect(run.step('free')).toContain(free);
    return run.goal();
  }

  it('is refused while registration answers alike', async () => {
    expect(await doIt()).toBe('refused');
  });

  it('succeeds when a taken email gets 409 email_taken', async () => {
    await withTogglesOff(h, ['accounts.uniformRegisterResponse'], async () => expect(await doIt()).toBe('succeeded'));
  });
});

describe('offline-crack by hand', () => {
  it('takes the pasted password only if it is the one the row hides', async () => {
    await withTogglesOff(h, ['password.hashing'], async () => {
      const run = attempt(h, CHECKS['offline-crack'], false);
      const email = fresh('crack');
      await register(email, 'supersecret');
      expect(run.step('register')).toMatch(/sha256/);
      run.paste('crack', 'secretkey');
      expect(run.step('crack')).toBeNull();
      expect(run.goal()).toBeNull();
      run.paste('crack', 'supersecret');
      expect(run.step('crack')).toContain(email);
      expect(run.goal()).toBe('succeeded');
    });
  });

  it('is refused when the row is bcrypt', async () => {
    const run = attempt(h, CHECKS['offline-crack']);
    await register(fresh('crack'), 'supersecret');
    expect(run.step('register')).toMatch(/bcrypt/);
    expect(run.goal()).toBe('refused');
  });
});

describe('password-spray by hand', () => {
  it('is refused when registration turns password1 away', async () => {
    const run = attempt(h, CHECKS['password-spray']);
    expect((await register(fresh('spray'), 'password1')).status).toBe(400);
    expect(run.step('register')).toBeNull();
    expect(run.goal()).toBe('refused');
  });

  it('succeeds when the account holds a listed password', async () => {
    await withTogglesOff(h, ['accounts.passwordDenyList'], async () => {
      const run = attempt(h, CHECKS['password-spray'], false);
      const email = fresh('spray');
      await register(email, 'password1');
      expect(run.step('register')).toContain(email);
      for (const guess of ['password', '12345678', 'football']) await login(email, guess);
      expect(run.step('spray')).toBeNull();
      await login(email, 'password1');
      expect(run.step('spray')).toMatch(/guess 4/);
      expect(run.goal()).toBe('succeeded');
    });
  });
});

describe('reset-reused-link and reset-host-poisoning by hand', () => {
  it('a used link sent again is refused, and succeeds with reset.singleUse off', async () => {
    for (const on of [true, false]) {
      const victim = await passwordLab.freshAccount(h);
      await h.call('PUT', '/api/lab/toggles', { json: { 'reset.singleUse': on } });
      const run = attempt(h, CHECKS['reset-reused-link'], on);
      await passwordLab.forgot(h, victim.email);
      const { token } = await passwordLab.mailedLink(h, victim.email);
      await passwordLab.reset(h, token, 'victim new pass 1');
      expect(run.step('victim-reset')).toBeTruthy();
      expect(run.step('reuse')).toBeNull();
      await passwordLab.reset(h, token, 'attacker chose this one 7');
      expect(run.goal()).toBe(on ? 'refused' : 'succeeded');
    }
    await h.call('PUT', '/api/lab/toggles', { json: { 'reset.singleUse': true } });
  });

  it('a forwarded host moves the mailed link only with reset.configuredLinkOrigin off', async () => {
    for (const on of [true, false]) {
      const victim = await passwordLab.freshAccount(h);
      await h.call('PUT', '/api/lab/toggles', { json: { 'reset.configuredLinkOrigin': on } });
      const run = attempt(h, CHECKS['reset-host-poisoning'], on);
      await passwordLab.forgot(h, victim.email);
      // A wrong attempt: no forwarded host, so nothing was poisoned.
      expect(run.step('poison')).toBeNull();
      await passwordLab.forgot(h, victim.email, { 'x-forwarded-host': new URL(h.lab.origins.attacker).host });
      expect(run.step('poison')).toContain(victim.email);
      await h.call('GET', '/api/lab/inbox');
      expect(run.step('inbox')).toContain(victim.email);
      expect(run.goal()).toBe(on ? 'refused' : 'succeeded');
    }
    await h.call('PUT', '/api/lab/toggles', { json: { 'reset.configuredLinkOrigin': true } });
  });
});

describe('enum-login-answer by hand', () => {
  it('compares the two answers, refused with uniform errors and exploited without', async () => {
    for (const on of [true, false]) {
      await h.call('PUT', '/api/lab/toggles', { json: { 'login.uniformErrors': on } });
      const run = attempt(h, CHECKS['enum-login-answer'], on);
      await login('user@authlab.test', 'not the password 4417');
      expect(run.step('existing')).toContain('user@authlab.test');
      expect(run.goal()).toBeNull();
      await login(fresh('nobody'), 'not the password 4417');
      expect(run.step('unknown')).toContain('nobody-');
      expect(run.goal()).toBe(on ? 'refused' : 'succeeded');
    }
    await h.call('PUT', '/api/lab/toggles', { json: { 'login.uniformErrors': true } });
  });
});

describe('registrations of a taken email', () => {
  it('do not count as the account a walkthrough made', async () => {
    // The demo accounts were made when this lab started: a minute later they are old.
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 60_000 } });
    const run = attempt(h, CHECKS['offline-crack'], false);
    await register('user@authlab.test', 'supersecret');
    expect(run.step('register')).toBeNull();
    expect(run.goal()).toBeNull();
  });
});
