import { afterEach, describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { attackerUrl, cookieHeaderFrom, login, me, sessionSetCookie, setToggles } from '../helpers/session';

/**
 * For each session-lab toggle: the attack fails with the defence on and
 * succeeds with it off. Browser-only rules (SameSite, HttpOnly against
 * document.cookie) are proven in tests/e2e/session-lab.spec.ts; here the
 * server's half of each defence is checked.
 */
describe('session lab attacks', () => {
  const h = useTestLab();
  afterEach(async () => {
    h.lab.context.clock.reset();
    await h.call('POST', '/api/lab/reset', { json: {} });
    await setToggles(
      h,
      Object.fromEntries(Object.keys((await h.call('GET', '/api/lab/toggles')).body).map((n) => [n, true])),
    );
  });

  /** The whole fixation attack over HTTP: attacker page plants, victim logs in, attacker replays. */
  async function runFixation() {
    const page = await h.fetch(attackerUrl(h, '/session/fixation'));
    const html = await page.text();
    const sid = /id="planted-sid">([A-Za-z0-9_-]{43})</.exec(html)![1]!;
    const planted = await h.call('GET', `/api/session/legacy/enter?sid=${sid}`, {
      headers: { 'user-agent': 'victim browser' },
    });
    expect(planted.status).toBe(200);
    const victimCookie = cookieHeaderFrom(sessionSetCookie(planted.headers)!);
    await login(h, 'user@authlab.test', { cookie: victimCookie });
    return h.call('POST', '/api/lab/session/attacker/replay', { json: { source: 'planted' } });
  }

  describe('session.regenerateOnLogin (session fixation)', () => {
    it('on: the planted id is destroyed at login, the attacker gets 401', async () => {
      const replay = await runFixation();
      expect(replay.body).toMatchObject({ status: 401, user: null, error: 'not_authenticated' });
    });
    it('off: the attacker is logged in as the victim with the id it planted', async () => {
      await setToggles(h, { 'session.regenerateOnLogin': false });
      const replay = await runFixation();
      expect(replay.body).toMatchObject({ status: 200, user: { email: 'user@authlab.test' } });
    });
  });

  describe('session.httpOnly (cookie theft by script)', () => {
    it('on: the cookie is issued HttpOnly, so document.cookie never holds it', async () => {
      expect((await login(h)).setCookie).toMatch(/; HttpOnly/);
    });
    it('off: the cookie is readable by script, and the stolen value is a working session', async () => {
      await setToggles(h, { 'session.httpOnly': false });
      const { setCookie, cookie } = await login(h);
      expect(setCookie).not.toMatch(/HttpOnly/i);
      const stolen = decodeURIComponent(cookie.slice('authlab_sid='.length));
      const replay = await h.call('POST', '/api/lab/session/attacker/replay', {
        json: { source: 'stolen', cookie: stolen },
      });
      expect(replay.body).toMatchObject({ status: 200, user: { email: 'user@authlab.test' } });
    });
  });

  /** A cross-site form post as the browser sends it when the cookie goes along: no token, form body. */
  const formPost = (cookie: string) =>
    h.call('POST', '/api/session/profile', {
      body: 'displayName=Pwned+by+Evil+Corp',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:1' },
    });

  describe('session.sameSite (cross-site form post)', () => {
    it('on: the cookie is SameSite=Lax, which browsers withhold from cross-site POSTs', async () => {
      expect((await login(h)).setCookie).toMatch(/; SameSite=Lax/);
    });
    it('off: the cookie is SameSite=None; Secure, sent with cross-site POSTs', async () => {
      await setToggles(h, { 'session.sameSite': false });
      const { setCookie } = await login(h);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; SameSite=None/);
    });
  });

  describe('session.csrfToken (cross-site form post)', () => {
    it('on: a request with the cookie but no token is refused (403)', async () => {
      await setToggles(h, { 'session.sameSite': false });
      const { cookie } = await login(h);
      const res = await formPost(cookie);
      expect([res.status, res.body.error]).toEqual([403, 'csrf_token_invalid']);
      expect((await me(h, cookie)).body.user.displayName).toBeNull();
    });
    it('off (with SameSite off too): the forged form changes the victim\u2019s profile', async () => {
      await setToggles(h, { 'session.sameSite': false, 'session.csrfToken': false });
      const { cookie } = await login(h);
      const res = await formPost(cookie);
      expect(res.status).toBe(200);
      expect((await me(h, cookie)).body.user.displayName).toBe('Pwned by Evil Corp');
      // A lab reset gives the demo account its profile back.
      await h.call('POST', '/api/lab/reset', { json: {} });
      expect((await me(h, (await login(h)).cookie)).body.user.displayName).toBeNull();
    });
  });

  it('a forged form that navigates a window gets its answer as a page that closes itself, same status', async () => {
    await setToggles(h, { 'session.sameSite': false });
    const { cookie } = await login(h);
    const res = await h.call('POST', '/api/session/profile', {
      body: 'displayName=Pwned+by+Evil+Corp',
      headers: {
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost:1',
        'sec-fetch-dest': 'document',
        'sec-fetch-mode': 'navigate',
      },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('csrf_token_invalid');
    expect(res.text).toContain('window.close()');
    // The page's one inline script is allowed by its hash, nothing else inline.
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    // A fetch (not a navigation) still gets JSON.
    expect((await formPost(cookie)).body.error).toBe('csrf_token_invalid');
  });

  /** Logout after the attacker copied the cookie, then the attacker replays it. */
  async function logoutThenReplay() {
    const { cookie, csrfToken } = await login(h);
    expect(
      (await h.call('POST', '/api/lab/session/attacker/copy-cookie', { json: {}, headers: { cookie } })).body,
    ).toMatchObject({ copied: true });
    const out = await h.call('POST', '/api/session/logout', {
      json: {},
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(200);
    return h.call('POST', '/api/lab/session/attacker/replay', { json: { source: 'copied' } });
  }

  describe('session.serverSideLogout (logout that does not log out)', () => {
    it('on: the copied cookie is dead after logout', async () => {
      expect((await logoutThenReplay()).body).toMatchObject({ status: 401 });
    });
    it('off: the copied cookie still works after logout', async () => {
      await setToggles(h, { 'session.serverSideLogout': false });
      expect((await logoutThenReplay()).body).toMatchObject({ status: 200, user: { email: 'user@authlab.test' } });
    });
  });

  describe('session.idleTimeout', () => {
    it('on: a session left alone for 20 minutes is over', async () => {
      const { cookie } = await login(h);
      h.lab.context.clock.advance(20 * 60_000);
      expect((await me(h, cookie)).status).toBe(401);
    });
    it('off: the same session still works', async () => {
      await setToggles(h, { 'session.idleTimeout': false });
      const { cookie } = await login(h);
      h.lab.context.clock.advance(20 * 60_000);
      expect((await me(h, cookie)).status).toBe(200);
    });
  });

  it('a lab reset deletes every session and what the attacker holds', async () => {
    const { cookie } = await login(h);
    await h.call('POST', '/api/lab/session/attacker/copy-cookie', { json: {}, headers: { cookie } });
    await h.call('POST', '/api/lab/reset', { json: {} });
    expect((await me(h, cookie)).status).toBe(401);
    const replay = await h.call('POST', '/api/lab/session/attacker/replay', { json: { source: 'copied' } });
    expect([replay.status, replay.body.error]).toEqual([409, 'conflict']);
  });

  it('the legacy entry never hands out a signed-in session', async () => {
    await setToggles(h, { 'session.regenerateOnLogin': false });
    const sid = 'C'.repeat(43);
    const planted = await h.call('GET', `/api/session/legacy/enter?sid=${sid}`);
    await login(h, 'user@authlab.test', { cookie: cookieHeaderFrom(sessionSetCookie(planted.headers)!) });
    const again = await h.call('GET', `/api/session/legacy/enter?sid=${sid}`);
    expect([again.status, again.body.error]).toEqual([409, 'conflict']);
    expect(sessionSetCookie(again.headers)).toBeUndefined();
  });

  it('a session link cannot replace a signed-in session (no logout by link)', async () => {
    const { cookie } = await login(h);
    const link = await h.call('GET', `/api/session/legacy/enter?sid=${'E'.repeat(43)}`, { headers: { cookie } });
    expect([link.status, link.body.error]).toEqual([409, 'conflict']);
    expect(sessionSetCookie(link.headers)).toBeUndefined();
    expect((await me(h, cookie)).status).toBe(200);
  });

  it('the lab cookie view never shows the session\u2019s CSRF token', async () => {
    const { cookie } = await login(h);
    const view = await h.call('GET', '/api/lab/session/cookie', { headers: { cookie } });
    expect(view.body.session.data).toBeDefined();
    expect(view.text).not.toContain('csrfToken');
  });
});
