import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_WALKTHROUGHS } from '../../../src/common/labs/session-walkthroughs';
import { SESSION_WALKTHROUGH_CHECKS as CHECKS } from '../../../src/server/labs/session/walkthroughs';
import { setToggles, turnEveryDefenceOn, useTestLab } from '../helpers';
import { attackerUrl, cookieHeaderFrom, login, me, sessionSetCookie } from '../helpers/session';
import { attempt } from './attack-run';

/** The session walkthroughs done by hand over HTTP, as a learner with curl would: each step and the goal turn from null to evidence. */
describe('session lab walkthroughs, checked live', () => {
  const h = useTestLab({ resetBeforeEach: true });
  afterEach(async () => {
    h.lab.context.clock.reset();
    await turnEveryDefenceOn(h);
  });

  it('declares one check per step, for every attack', () => {
    for (const [id, walkthrough] of Object.entries(SESSION_WALKTHROUGHS)) {
      const checks = CHECKS[id as keyof typeof CHECKS];
      expect(Object.keys(checks.steps).sort(), id).toEqual(walkthrough.steps.map((s) => s.id).sort());
    }
  });

  async function plant() {
    const sid = randomBytes(32).toString('base64url');
    const res = await h.call('GET', `/api/session/legacy/enter?sid=${sid}`);
    expect(res.status).toBe(200);
    return cookieHeaderFrom(sessionSetCookie(res.headers)!);
  }

  it.each([
    [false, 'succeeded', /kept the planted id/],
    [true, 'refused', /issued a new id/],
  ] as const)('fixation with the defence on=%s: every step turns green, the goal is %s', async (on, goal, login$) => {
    await setToggles(h, { 'session.regenerateOnLogin': on });
    const a = attempt(h, CHECKS.fixation, on);
    expect([a.step('plant'), a.step('login'), a.step('replay'), a.goal()]).toEqual([null, null, null, null]);
    // A wrong attempt: an ordinary login, with no planted id, proves nothing.
    await login(h);
    expect(a.step('login')).toBeNull();

    const planted = await plant();
    expect(a.step('plant')).toMatch(/legacy\/enter → 200/);
    await login(h, 'user@authlab.test', { cookie: planted });
    expect(a.step('login')).toMatch(login$);
    expect(a.goal()).toBeNull();
    await me(h, planted);
    expect(a.step('replay')).toMatch(/GET \/api\/session\/me/);
    expect(a.goal()).toBe(goal);
  });

  it.each([
    [false, 'succeeded'],
    [true, 'refused'],
  ] as const)('logout with the defence on=%s: the goal is %s', async (on, goal) => {
    await setToggles(h, { 'session.serverSideLogout': on });
    const a = attempt(h, CHECKS.logout, on);
    const session = await login(h);
    expect(a.step('login')).toMatch(/POST \/api\/session\/login → 200 issued cookie/);
    // Replaying before logging out is not the attack: the step stays open.
    await me(h, session.cookie);
    expect(a.step('replay')).toBeNull();
    // A logout without the CSRF token is refused, and does not count.
    await h.call('POST', '/api/session/logout', { headers: { cookie: session.cookie } });
    expect(a.step('logout')).toBeNull();

    await h.call('POST', '/api/session/logout', {
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(a.step('logout')).toMatch(/serverSessionDestroyed/);
    await me(h, session.cookie);
    expect(a.step('replay')).not.toBeNull();
    expect(a.goal()).toBe(goal);
  });

  it.each([
    [false, 'succeeded'],
    [true, 'refused'],
  ] as const)('idle session with the defence on=%s: the goal is %s', async (on, goal) => {
    await setToggles(h, { 'session.idleTimeout': on });
    const a = attempt(h, CHECKS.idleSession, on);
    const session = await login(h);
    expect(a.step('login')).not.toBeNull();
    // Used after ten minutes, then ten more: never idle for fifteen.
    h.lab.context.clock.advance(10 * 60_000);
    expect((await me(h, session.cookie)).status).toBe(200);
    h.lab.context.clock.advance(10 * 60_000);
    expect(a.step('idle')).toBeNull();
    h.lab.context.clock.advance(6 * 60_000);
    expect(a.step('idle')).toMatch(/unused for 16 minutes/);
    expect(a.goal()).toBeNull();
    await me(h, session.cookie);
    expect(a.step('reuse')).toMatch(/GET \/api\/session\/me → (200|401)/);
    expect(a.goal()).toBe(goal);
  });

  it('CSRF: only a cross-site POST counts; with both defences off it changes the profile', async () => {
    await setToggles(h, { 'session.sameSite': false, 'session.csrfToken': false });
    const a = attempt(h, CHECKS.csrf, false);
    const session = await login(h);
    expect(a.step('login')).toMatch(/authlab_sid|cookie/);
    const post = (origin: string) =>
      h.call('POST', '/api/session/profile', {
        body: 'displayName=Pwned',
        headers: { cookie: session.cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
      });
    // The app's own page posting is not a forgery.
    await post(h.lab.origins.app);
    expect(a.step('forge')).toBeNull();
    expect((await post(h.lab.origins.attacker)).status).toBe(200);
    expect(a.step('forge')).toMatch(/from http:\/\/localhost/);
    expect(a.goal()).toBe('succeeded');
  });

  it('cookie theft: what document.cookie showed decides; the stolen cookie used from curl reaches the goal', async () => {
    await setToggles(h, { 'session.httpOnly': false });
    const a = attempt(h, CHECKS.theft, false);
    const session = await login(h);
    a.paste('read', `theme=dark; ${session.cookie}`);
    expect(a.step('read')).toMatch(/showed the session cookie/);
    expect(a.step('use')).toBeNull();
    await me(h, session.cookie);
    expect(a.step('use')).toMatch(/stolen cookie/);
    expect(a.goal()).toBe('succeeded');

    await setToggles(h, { 'session.httpOnly': true });
    const blind = attempt(h, CHECKS.theft, true);
    await login(h);
    blind.paste('read', 'theme=dark');
    expect(blind.step('read')).toMatch(/HttpOnly/);
    expect(blind.goal()).toBe('refused');
  });

  it('cookie theft: a junk paste alone reaches no goal, with the cookie readable or not', async () => {
    await setToggles(h, { 'session.httpOnly': false });
    const readable = attempt(h, CHECKS.theft, false);
    await login(h);
    // The cookie was readable, so a paste without it was not read from document.cookie.
    readable.paste('read', 'theme=dark');
    expect([readable.step('read'), readable.goal()]).toEqual([null, null]);

    await setToggles(h, { 'session.httpOnly': true });
    const hidden = attempt(h, CHECKS.theft, true);
    await login(h);
    hidden.paste('read', 'anything at all, not what document.cookie prints');
    expect([hidden.step('read'), hidden.goal()]).toEqual([null, null]);
    hidden.paste('read', '');
    expect(hidden.goal()).toBe('refused');
  });

  it('fixation through the attacker page and the lab\u2019s attacker: its replay is the same cookie the browser holds', async () => {
    await setToggles(h, { 'session.regenerateOnLogin': false });
    // Several runs: a signature with '+' or '/' must reach the server exactly as the browser would send it.
    for (let run = 0; run < 4; run++) {
      const a = attempt(h, CHECKS.fixation, false);
      const page = await (await h.fetch(attackerUrl(h, '/session/fixation'))).text();
      const sid = /id="planted-sid">([A-Za-z0-9_-]{43})</.exec(page)![1]!;
      const landing = await h.call('GET', `/api/session/legacy/enter?sid=${sid}`);
      await login(h, 'user@authlab.test', { cookie: cookieHeaderFrom(sessionSetCookie(landing.headers)!) });
      const replay = await h.call('POST', '/api/lab/session/attacker/replay', { json: { source: 'planted' } });
      expect(replay.body.status).toBe(200);
      expect(a.step('replay')).not.toBeNull();
      expect(a.goal()).toBe('succeeded');
    }
  });
});
