import { afterEach, describe, expect, it } from 'vitest';
import { RATELIMIT_LAB } from '../../../src/common/labs/ratelimit';
import { useTestLab } from '../helpers';
import { doneSteps, setToggles, startAttempt } from './ratelimit-oauth-kit';

/** The rate-limit walkthroughs done by hand over HTTP, as the curl answers do them, checked live. */
describe('rate-limit walkthroughs, by hand', () => {
  const h = useTestLab({ resetBeforeEach: true });
  afterEach(() => setToggles(h, { 'ratelimit.login': true, 'ratelimit.ignoreForwardedFor': true }));
  const checks = (id: string) => h.lab.labs.ratelimit.attacks.walkthroughs[id as 'ratelimit-brute-force'];

  const login = (email: string, password: string, forwardedFor?: string) =>
    h.call('POST', '/api/session/login', {
      json: { email, password },
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    });
  const cleanUp = () => h.call('POST', '/api/lab/ratelimit/reset', { json: { scope: 'login' } });

  async function bruteForceByHand(email: string, wrong: number) {
    const password = 'plum-orbit-canvas-42';
    expect((await h.call('POST', '/api/auth/register', { json: { email, password } })).status).toBe(202);
    const statuses = [];
    for (const guess of ['123456', 'password', 'qwerty', 'letmein', 'dragon', 'monkey'].slice(0, wrong))
      statuses.push((await login(email, guess)).status);
    statuses.push((await login(email, password)).status);
    return statuses;
  }

  it('brute force: each step turns green; exploited with the limit off, refused with it on', async () => {
    await setToggles(h, { 'ratelimit.login': false });
    const off = startAttempt(h, checks('ratelimit-brute-force'), false);
    expect(await bruteForceByHand('target-off@ratelimit-lab.test', 5)).toEqual([401, 401, 401, 401, 401, 200]);
    expect(off.state().goal).toBe('succeeded');
    expect((await cleanUp()).status).toBe(200);
    expect(doneSteps(off.state())).toEqual(['register', 'guess', 'clean-up']);

    await setToggles(h, { 'ratelimit.login': true });
    const on = startAttempt(h, checks('ratelimit-brute-force'), true);
    expect(await bruteForceByHand('target-on@ratelimit-lab.test', 5)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(on.state().goal).toBe('refused');
    await cleanUp();
    expect(doneSteps(on.state())).toEqual(['register', 'guess', 'clean-up']);
  });

  it('brute force: too few guesses, or guesses at an account not registered for it, leave the steps open', async () => {
    const attempt = startAttempt(h, checks('ratelimit-brute-force'), true);
    expect(await bruteForceByHand('target-few@ratelimit-lab.test', 2)).toEqual([401, 401, 200]);
    for (let i = 0; i < 6; i++) await login('someone-else@ratelimit-lab.test', `wrong-${i}`);
    const state = attempt.state();
    expect(state.steps.guess).toBeNull();
    expect(state.steps['clean-up']).toBeNull();
    expect(state.goal).toBeNull();
    await cleanUp();
  });

  async function sprayByHand(count: number) {
    const statuses = [];
    for (let i = 1; i <= count; i++)
      statuses.push((await login(`leaked-${i}@breach.example`, 'Winter2024!', `203.0.113.${i}`)).status);
    return statuses;
  }

  it('X-Forwarded-For stuffing: the 51st claimed address gets through only with the defence off', async () => {
    await setToggles(h, { 'ratelimit.ignoreForwardedFor': false });
    const off = startAttempt(h, checks('ratelimit-xff-spray'), false);
    const who = await h.call('GET', '/api/lab/ratelimit/client', { headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(who.body.ip).toBe('203.0.113.7');
    expect(new Set(await sprayByHand(55))).toEqual(new Set([401]));
    expect(off.state().goal).toBe('succeeded');
    await cleanUp();
    expect(doneSteps(off.state())).toEqual(['whoami', 'spray', 'clean-up']);
    expect(off.state().steps.whoami).toContain('took you for 203.0.113.7');

    await setToggles(h, { 'ratelimit.ignoreForwardedFor': true });
    const on = startAttempt(h, checks('ratelimit-xff-spray'), true);
    const statuses = await sprayByHand(55);
    expect(statuses.slice(0, 50)).toEqual(Array(50).fill(401));
    expect(statuses[50]).toBe(429);
    expect(on.state().goal).toBe('refused');
    expect(on.state().steps.whoami).toBeNull();
    await cleanUp();
  });

  it('every declared step has a check, and every check a declared step', () => {
    for (const attack of RATELIMIT_LAB.attacks) {
      const declared = attack.walkthrough.steps.map((s) => s.id);
      expect(Object.keys(checks(attack.id)!.steps), attack.id).toEqual(declared);
    }
  });
});
