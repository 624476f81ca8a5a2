import { describe, expect, it } from 'vitest';
import { sign } from '@fastify/cookie';
import { type LabHarness, useTestLab } from '../helpers';
import { cookieHeaderFrom, demoAccount, login, me, sessionSetCookie, setToggles, totpNow } from '../helpers/session';

const MIN = 60_000;
const rowCount = (h: LabHarness) =>
  (h.lab.context.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;

describe('session lab: cookie sessions', () => {
  const h = useTestLab();

  it('login issues a signed, HttpOnly, SameSite, Secure, host-only cookie with a 256-bit id', async () => {
    const { setCookie, cookie, csrfToken } = await login(h);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    // 127.0.0.1 is a secure context in browsers, so Secure is set even over http.
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).not.toMatch(/Domain=/i);
    expect(setCookie).not.toMatch(/Max-Age|Expires/i);
    const id = decodeURIComponent(cookie.split('=')[1]!).split('.')[0]!;
    expect(Buffer.from(id, 'base64url')).toHaveLength(32);
    expect(csrfToken.length).toBeGreaterThanOrEqual(43);
    const res = await me(h, cookie);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'user@authlab.test', role: 'user' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('one invalid_credentials answer for a wrong password and an unknown email, and no cookie', async () => {
    const wrong = await h.call('POST', '/api/session/login', {
      json: { email: 'user@authlab.test', password: 'not the password' },
    });
    const unknown = await h.call('POST', '/api/session/login', {
      json: { email: 'nobody@authlab.test', password: 'not the password' },
    });
    expect([wrong.status, wrong.body.error]).toEqual([401, 'invalid_credentials']);
    expect([unknown.status, unknown.body.error]).toEqual([401, 'invalid_credentials']);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(sessionSetCookie(wrong.headers)).toBeUndefined();
  });

  it('throttles repeated failures with 429 and Retry-After', async () => {
    let last = await h.call('POST', '/api/session/login', { json: { email: 'throttle@example.com', password: 'x' } });
    for (let i = 0; i < 6; i++) {
      last = await h.call('POST', '/api/session/login', { json: { email: 'throttle@example.com', password: 'x' } });
    }
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('regenerates the id at login: the pre-login id is destroyed', async () => {
    const sid = 'A'.repeat(43);
    const planted = await h.call('GET', `/api/session/legacy/enter?sid=${sid}`);
    const plantedCookie = cookieHeaderFrom(sessionSetCookie(planted.headers)!);
    const session = await login(h, 'user@authlab.test', { cookie: plantedCookie });
    expect(session.cookie).not.toBe(plantedCookie);
    expect((await me(h, plantedCookie)).status).toBe(401);
    expect((await me(h, session.cookie)).status).toBe(200);
  });

  it('rejects tampered, unsigned and forged-but-unknown cookies', async () => {
    const { cookie } = await login(h);
    const value = decodeURIComponent(cookie.split('=')[1]!);
    const [id, mac] = value.split('.') as [string, string];
    const flipped = mac[0] === 'A' ? 'B' + mac.slice(1) : 'A' + mac.slice(1);
    const secret = h.lab.context.settings.get<string>('session.secret')!;
    const forgedUnknown = sign('B'.repeat(43), secret);
    for (const bad of [
      `${id}.${flipped}`,
      id,
      `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}.${mac}`,
      forgedUnknown,
      'x',
      '%%%',
    ]) {
      const res = await me(h, `authlab_sid=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(401);
      expect(res.body.error).toBe('not_authenticated');
    }
  });

  it('ends a session after 15 idle minutes on the lab clock, and activity keeps it alive', async () => {
    const { cookie } = await login(h);
    h.lab.context.clock.advance(14 * MIN);
    expect((await me(h, cookie)).status).toBe(200);
    h.lab.context.clock.advance(14 * MIN);
    expect((await me(h, cookie)).status).toBe(200);
    h.lab.context.clock.advance(15 * MIN + 1000);
    expect((await me(h, cookie)).status).toBe(401);
    h.lab.context.clock.reset();
    expect((await me(h, cookie)).status).toBe(401);
  });

  it('keeps the idle deadline exact while the row is written only every few seconds', async () => {
    const { cookie } = await login(h);
    const lastSeenOnDisk = () =>
      (h.lab.context.db.prepare('SELECT MAX(last_seen_at) AS t FROM sessions').get() as { t: number }).t;
    const loggedInAt = lastSeenOnDisk();
    h.lab.context.clock.advance(3000);
    expect((await me(h, cookie)).status).toBe(200);
    // Activity 3 s after the last write is kept in memory, not written yet.
    expect(lastSeenOnDisk()).toBe(loggedInAt);
    // 15 min after the write, but not after the real last activity: still live.
    h.lab.context.clock.advance(15 * MIN - 1000);
    expect((await me(h, cookie)).status).toBe(200);
    h.lab.context.clock.advance(3000);
    // The sweep writes pending activity first, so it keeps the row.
    h.lab.context.sweeper.runAll();
    expect(lastSeenOnDisk()).toBeGreaterThanOrEqual(loggedInAt + 15 * MIN + 2000);
    expect((await me(h, cookie)).status).toBe(200);
    h.lab.context.clock.advance(15 * MIN + 1000);
    expect((await me(h, cookie)).status).toBe(401);
    h.lab.context.clock.reset();
  });

  it('ends a session at its 8-hour absolute lifetime even while it is in use', async () => {
    const { cookie } = await login(h);
    for (let elapsed = 0; elapsed < 8 * 60 - 10; elapsed += 10) {
      h.lab.context.clock.advance(10 * MIN);
      expect((await me(h, cookie)).status).toBe(200);
    }
    h.lab.context.clock.advance(10 * MIN);
    expect((await me(h, cookie)).status).toBe(401);
    h.lab.context.clock.reset();
  });

  it('remember me: a persistent cookie and a 30-day absolute lifetime', async () => {
    await setToggles(h, { 'session.idleTimeout': false });
    try {
      const normal = await login(h);
      const remembered = await login(h, 'user@authlab.test', { rememberMe: true });
      const expires = Date.parse(/Expires=([^;]+)/.exec(remembered.setCookie)![1]!);
      expect(expires - Date.now()).toBeGreaterThan(29 * 24 * 60 * MIN);
      h.lab.context.clock.advance(8 * 60 * MIN + MIN);
      expect((await me(h, normal.cookie)).status).toBe(401);
      expect((await me(h, remembered.cookie)).status).toBe(200);
      h.lab.context.clock.advance(30 * 24 * 60 * MIN);
      expect((await me(h, remembered.cookie)).status).toBe(401);
    } finally {
      h.lab.context.clock.reset();
      await setToggles(h, { 'session.idleTimeout': true });
    }
  });

  it('admin route: 401 anonymous, 403 user, 200 admin', async () => {
    expect((await h.call('GET', '/api/session/admin')).status).toBe(401);
    const user = await login(h);
    const forbidden = await h.call('GET', '/api/session/admin', { headers: { cookie: user.cookie } });
    expect([forbidden.status, forbidden.body.error]).toEqual([403, 'forbidden']);
    const admin = await login(h, 'admin@authlab.test');
    const ok = await h.call('GET', '/api/session/admin', { headers: { cookie: admin.cookie } });
    expect(ok.status).toBe(200);
    expect(ok.body.user.role).toBe('admin');
  });

  it('logout destroys the server row and the old cookie stops working', async () => {
    const { cookie, csrfToken } = await login(h);
    const handle = (await h.call('GET', '/api/lab/session/cookie', { headers: { cookie } })).body.session.handle;
    expect((await h.call('GET', `/api/lab/session/rows/${handle}`)).body).toEqual({ handle, onServer: true });
    const before = rowCount(h);
    const res = await h.call('POST', '/api/session/logout', {
      json: {},
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ loggedOut: true, serverSessionDestroyed: true });
    expect(sessionSetCookie(res.headers)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(rowCount(h)).toBe(before - 1);
    expect((await me(h, cookie)).status).toBe(401);
    const row = await h.call('GET', `/api/lab/session/rows/${handle}`);
    expect(row.body).toEqual({ handle, onServer: false });
  });

  it('state-changing routes need the session\u2019s x-csrf-token', async () => {
    const { cookie, csrfToken } = await login(h);
    const other = await login(h);
    const fetched = await h.call('GET', '/api/session/csrf', { headers: { cookie } });
    expect(fetched.body.csrfToken).toBe(csrfToken);
    for (const headers of [
      { cookie } as Record<string, string>,
      { cookie, 'x-csrf-token': 'wrong' },
      { cookie, 'x-csrf-token': other.csrfToken },
    ]) {
      const logout = await h.call('POST', '/api/session/logout', { json: {}, headers });
      expect([logout.status, logout.body.error]).toEqual([403, 'csrf_token_invalid']);
      const profile = await h.call('POST', '/api/session/profile', { json: { displayName: 'x' }, headers });
      expect(profile.status).toBe(403);
    }
    const ok = await h.call('POST', '/api/session/profile', {
      json: { displayName: 'Ada' },
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(ok.status).toBe(200);
    expect((await me(h, cookie)).body.user.displayName).toBe('Ada');
    expect((await h.call('GET', '/api/session/csrf')).status).toBe(401);
  });

  it('a form body gets 415 while the CSRF defences are on: JSON-only is a defence too', async () => {
    const { cookie, csrfToken } = await login(h);
    const res = await h.call('POST', '/api/session/profile', {
      body: 'displayName=x',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([res.status, res.body.error]).toEqual([415, 'unsupported_media_type']);
  });

  it('lists your own sessions and ends them; someone else\u2019s is 404', async () => {
    const a1 = await login(h, 'admin@authlab.test');
    const a2 = await login(h, 'admin@authlab.test');
    const user = await login(h);
    const list = await h.call('GET', '/api/session/sessions', { headers: { cookie: a1.cookie } });
    expect(list.status).toBe(200);
    expect(list.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const second = list.body.find((s: { current: boolean }) => !s.current);
    expect(second).toMatchObject({ userAgent: expect.any(String), rememberMe: false });
    const userList = await h.call('GET', '/api/session/sessions', { headers: { cookie: user.cookie } });
    const usersHandle = userList.body[0].id;
    const headers = { cookie: a1.cookie, 'x-csrf-token': a1.csrfToken };
    expect((await h.call('DELETE', `/api/session/sessions/${usersHandle}`, { headers })).status).toBe(404);
    expect((await me(h, user.cookie)).status).toBe(200);
    expect((await h.call('DELETE', `/api/session/sessions/${'Z'.repeat(22)}`, { headers })).status).toBe(404);
    const ended = await h.call('DELETE', `/api/session/sessions/${second.id}`, { headers });
    expect(ended.body).toEqual({ ended: true, current: false });
    const remaining = await me(h, a2.cookie);
    expect(remaining.status).toBe(401);
    expect((await me(h, a1.cookie)).status).toBe(200);
  });

  it('MFA: the password step starts no session; the code step issues a fresh id', async () => {
    const account = demoAccount(h, 'mfa@authlab.test');
    const planted = await h.call('GET', `/api/session/legacy/enter?sid=${'D'.repeat(43)}`);
    const plantedCookie = cookieHeaderFrom(sessionSetCookie(planted.headers)!);
    const first = await h.call('POST', '/api/session/login', {
      json: { email: account.email, password: account.password },
      headers: { cookie: plantedCookie },
    });
    expect(first.body).toEqual({ requiresMfa: true, mfaTicket: expect.any(String) });
    expect(sessionSetCookie(first.headers)).toBeUndefined();
    // A password-only half-login reaches nothing protected.
    expect((await me(h, plantedCookie)).status).toBe(401);
    const second = await h.call('POST', '/api/session/login/mfa', {
      json: { mfaTicket: first.body.mfaTicket, code: totpNow(h, account.totpSecret!) },
      headers: { cookie: plantedCookie },
    });
    expect(second.status).toBe(200);
    expect(second.body.csrfToken).toEqual(expect.any(String));
    const cookie = cookieHeaderFrom(sessionSetCookie(second.headers)!);
    expect(cookie).not.toBe(plantedCookie);
    expect((await me(h, cookie)).body.user.email).toBe('mfa@authlab.test');
    expect((await me(h, plantedCookie)).status).toBe(401);
  });

  it('the sweeper deletes expired rows', async () => {
    await login(h);
    h.lab.context.clock.advance(9 * 60 * MIN);
    const before = rowCount(h);
    expect(before).toBeGreaterThan(0);
    // The lab's own sweeper, as its timer runs it (a clock jump alone leaves expired sessions visible).
    h.lab.context.sweeper.runAll();
    expect(rowCount(h)).toBe(0);
    h.lab.context.clock.reset();
  });

  it('the report route shows the issued attributes and the server row, never the raw id', async () => {
    const { cookie } = await login(h, 'admin@authlab.test', { rememberMe: true });
    const res = await h.call('GET', '/api/lab/session/cookie', { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.body.cookie).toMatchObject({ present: true, signatureValid: true });
    expect(res.body.session).toMatchObject({
      status: 'live',
      user: { email: 'admin@authlab.test', role: 'admin' },
      rememberMe: true,
      issuedCookie:
        'authlab_sid=<signed session id>; Path=/; Expires=<issue time + 30 days>; HttpOnly; Secure; SameSite=Lax',
    });
    const id = decodeURIComponent(cookie.split('=')[1]!).split('.')[0]!;
    expect(res.text).not.toContain(id);
  });
});
