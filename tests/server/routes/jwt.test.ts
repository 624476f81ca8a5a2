import { decodeJwt, decodeProtectedHeader } from 'jose';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';
import { admin, bearer, demoPassword, login, me, refresh, refreshCookieOf } from '../helpers/jwt';

describe('JWT lab: login, refresh rotation, logout', () => {
  const h = useTestLab({ resetBeforeEach: true });

  it('issues a typed 15-minute access token and an HttpOnly, SameSite=Strict refresh cookie on its path', async () => {
    const res = await h.call('POST', '/api/jwt/login', {
      json: { email: 'user@authlab.test', password: demoPassword(h, 'user@authlab.test') },
    });
    expect(res.status).toBe(200);
    expect(res.body.expiresIn).toBe(900);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const header = decodeProtectedHeader(res.body.accessToken);
    expect(header).toMatchObject({ typ: 'at+jwt', alg: 'RS256', kid: expect.any(String) });
    const claims = decodeJwt(res.body.accessToken);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'role', 'sub', 'ver']);
    expect(claims.exp! - claims.iat!).toBe(900);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('authlab_rt='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/jwt/);
    expect(cookie).toMatch(/; Secure/); // loopback is a secure context, as for the session cookie
    expect(cookie).not.toMatch(/Max-Age/); // no remember me: a browser-session cookie
    // The refresh token is signed with another key than the access token.
    expect(decodeProtectedHeader(refreshCookieOf(res.headers)!).kid).not.toBe(header.kid);
  });

  it('remember me gives a 30-day refresh cookie', async () => {
    const res = await h.call('POST', '/api/jwt/login', {
      json: { email: 'user@authlab.test', password: demoPassword(h, 'user@authlab.test'), rememberMe: true },
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('authlab_rt='))!;
    expect(cookie).toMatch(/Max-Age=2592000/);
  });

  it('answers a wrong password with invalid_credentials and sets no cookie', async () => {
    const res = await h.call('POST', '/api/jwt/login', { json: { email: 'user@authlab.test', password: 'wrong' } });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_credentials');
    expect(refreshCookieOf(res.headers)).toBeUndefined();
  });

  it('throttles repeated failures with 429 and Retry-After', async () => {
    let last = await h.call('POST', '/api/jwt/login', { json: { email: 'throttle@example.com', password: 'x' } });
    for (let i = 0; i < 6; i++) {
      last = await h.call('POST', '/api/jwt/login', { json: { email: 'throttle@example.com', password: 'x' } });
    }
    expect([last.status, last.body.error]).toEqual([429, 'rate_limited']);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('runs MFA accounts through the ticket and a TOTP code', async () => {
    const first = await h.call('POST', '/api/jwt/login', {
      json: { email: 'mfa@authlab.test', password: demoPassword(h, 'mfa@authlab.test') },
    });
    expect(first.body).toEqual({ requiresMfa: true, mfaTicket: expect.any(String) });
    expect(refreshCookieOf(first.headers)).toBeUndefined();
    const secret = h.lab.context.users.findByEmail('mfa@authlab.test')!.totpSecret!;
    const code = await generate({ secret, epoch: h.lab.context.clock.epochSeconds() });
    const second = await h.call('POST', '/api/jwt/login/mfa', { json: { mfaTicket: first.body.mfaTicket, code } });
    expect(second.status).toBe(200);
    expect((await me(h, second.body.accessToken)).body.user.email).toBe('mfa@authlab.test');
  });

  it('/me and /admin: 200 with claims, 403 for a non-admin, 401 without a token', async () => {
    const user = await login(h);
    const res = await me(h, user.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'user@authlab.test', role: 'user' });
    expect(res.body.claims.typ).toBeUndefined();
    expect((await admin(h, user.accessToken)).status).toBe(403);
    expect((await admin(h, (await login(h, 'admin@authlab.test')).accessToken)).status).toBe(200);
    const none = await h.call('GET', '/api/jwt/admin');
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('invalid_token');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });

  it('expires the access token by the lab clock, with 60 s of leeway', async () => {
    const { accessToken } = await login(h);
    h.lab.context.clock.advance(15 * 60_000 + 30_000);
    expect((await me(h, accessToken)).status).toBe(200);
    h.lab.context.clock.advance(40_000);
    const res = await me(h, accessToken);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('token_expired');
  });

  it('rotates the refresh token on every use; the new access token works', async () => {
    const session = await login(h);
    const first = await refresh(h, session.refreshCookie);
    expect(first.status).toBe(200);
    const rotated = refreshCookieOf(first.headers)!;
    expect(rotated).not.toBe(session.refreshCookie);
    expect((await me(h, first.body.accessToken)).status).toBe(200);
    const second = await refresh(h, rotated);
    expect(second.status).toBe(200);
    const family = (await h.call('GET', '/api/lab/jwt/families')).body[0];
    expect(family.tokens.map((t: { status: string }) => t.status)).toEqual(['rotated', 'rotated', 'active']);
    expect(family.tokens[1].parentJti).toBe(family.tokens[0].jti);
  });

  it('a reused refresh token gets refresh_token_reused and revokes the whole family', async () => {
    const session = await login(h);
    const next = refreshCookieOf((await refresh(h, session.refreshCookie)).headers)!;
    const reuse = await refresh(h, session.refreshCookie);
    expect(reuse.status).toBe(401);
    expect(reuse.body.error).toBe('refresh_token_reused');
    // The legitimate holder's newest token dies with the family.
    const victim = await refresh(h, next);
    expect(victim.status).toBe(401);
    expect(victim.body.error).toBe('token_revoked');
    const family = (await h.call('GET', '/api/lab/jwt/families')).body[0];
    expect(family.revokedReason).toBe('refresh_token_reused');
  });

  it('of parallel refreshes with one token, exactly one succeeds', async () => {
    const session = await login(h);
    const results = await Promise.all(Array.from({ length: 5 }, () => refresh(h, session.refreshCookie)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(4);
  });

  it('a refresh token expires after 7 days on the lab clock', async () => {
    const session = await login(h);
    h.lab.context.clock.advance(7 * 24 * 3600_000 + 61_000);
    const res = await refresh(h, session.refreshCookie);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('token_expired');
  });

  it('logout revokes the family and deny-lists the access token until its exp', async () => {
    const session = await login(h);
    const out = await h.call('POST', '/api/jwt/logout', {
      json: {},
      headers: { ...bearer(session.accessToken), cookie: `authlab_rt=${session.refreshCookie}` },
    });
    expect(out.body).toEqual({ familyRevoked: true, accessTokenDenied: true });
    const res = await me(h, session.accessToken);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('token_revoked');
    expect((await refresh(h, session.refreshCookie)).body.error).toBe('token_revoked');
    // The denylist sweeps itself once the token is dead by its own exp.
    const lab = h.lab.context.db.prepare('SELECT COUNT(*) AS n FROM jwt_denylist').get() as { n: number };
    expect(lab.n).toBe(1);
    h.lab.context.clock.advance(20 * 60_000);
    const later = await login(h);
    await h.call('POST', '/api/jwt/logout', { json: {}, headers: bearer(later.accessToken) });
    const left = h.lab.context.db.prepare('SELECT jti FROM jwt_denylist').all() as { jti: string }[];
    expect(left.map((r) => r.jti)).toEqual([decodeJwt(later.accessToken).jti]);
  });

  it('logout-all bumps the token version: every older access and refresh token fails', async () => {
    const tabA = await login(h);
    const tabB = await login(h);
    const res = await h.call('POST', '/api/jwt/logout-all', { json: {}, headers: bearer(tabA.accessToken) });
    expect(res.status).toBe(200);
    for (const token of [tabA.accessToken, tabB.accessToken]) {
      const check = await me(h, token);
      expect([check.status, check.body.error]).toEqual([401, 'token_revoked']);
    }
    expect((await refresh(h, tabB.refreshCookie)).body.error).toBe('token_revoked');
    const fresh = await login(h);
    expect((await me(h, fresh.accessToken)).status).toBe(200);
  });

  it('refuses non-JSON bodies on cookie routes (no simple-request CSRF)', async () => {
    const session = await login(h);
    const form = await h.call('POST', '/api/jwt/refresh', {
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `authlab_rt=${session.refreshCookie}` },
    });
    expect(form.status).toBe(415);
    const text = await h.call('POST', '/api/jwt/logout', {
      body: '{}',
      headers: { 'content-type': 'text/plain', cookie: `authlab_rt=${session.refreshCookie}` },
    });
    expect(text.status).toBe(415);
  });

  it('lists every JWT route in the OpenAPI document', async () => {
    const paths = Object.keys((await h.call('GET', '/api/docs/json')).body.paths);
    for (const path of [
      '/api/jwt/login',
      '/api/jwt/login/mfa',
      '/api/jwt/refresh',
      '/api/jwt/me',
      '/api/jwt/admin',
      '/api/jwt/logout',
      '/api/jwt/logout-all',
      '/api/jwt/keys/rotate',
      '/.well-known/jwks.json',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
