import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FORGOT_LIMIT, RESET_TTL_MS } from '../../../src/server/labs/password';
import { useTestLab } from '../helpers';
import { bearer, me as jwtMe, refresh } from '../helpers/jwt';
import { enroll, freshUser, sessionHeaders } from '../helpers/mfa';
import { forgot, freshAccount, lastMailTo, mailedLink, reset, withTogglesOff } from '../helpers/password';

const h = useTestLab();
const NEW_PASSWORD = 'a long new passphrase 42';

const signIn = (email: string, password: string) => h.call('POST', '/api/session/login', { json: { email, password } });

describe('POST /api/password/forgot', () => {
  it('answers the same for a real and an unknown email, and mails a link only for the real one', async () => {
    const { email } = await freshAccount(h);
    const real = await forgot(h, email);
    const unknown = await forgot(h, 'nobody-here@example.test');
    expect(real.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.text).toBe(real.text);
    expect(real.headers.get('cache-control')).toBe('no-store');
    expect(await lastMailTo(h, 'nobody-here@example.test')).toBeUndefined();
    const { link, token } = await mailedLink(h, email);
    expect(link.origin).toBe(h.lab.origins.app);
    expect(link.hash).toMatch(/^#\/password-lab\/reset\?token=/);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes = 256 bits
  });

  it('takes about the same time for a real and an unknown email', async () => {
    const { email } = await freshAccount(h);
    const time = async (address: string) => {
      const start = performance.now();
      await forgot(h, address);
      return performance.now() - start;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const real: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      real.push(await time(email));
      unknown.push(await time(`ghost-${i}@example.test`));
    }
    // No bcrypt on either path: both are a few milliseconds; a generous bound for a noisy machine.
    expect(Math.abs(median(real) - median(unknown))).toBeLessThan(50);
  });

  it('stores the token only as a hash: the database file never holds it', async () => {
    const { email } = await freshAccount(h);
    await forgot(h, email);
    const { token } = await mailedLink(h, email);
    // A second connection reads the file itself, as anyone with a copy of it would.
    const db = new Database(join(h.dataDir, 'lab.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT * FROM password_resets').all() as Array<Record<string, unknown>>;
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows).includes(token)).toBe(false);
      const sha = createHash('sha256').update(token).digest('base64url');
      expect(rows.some((r) => r.token_key === sha)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('a forgot window started while the lab clock was ahead is over once the clock is back', async () => {
    const { email } = await freshAccount(h);
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 24 * 60 * 60_000 } });
    for (let i = 0; i < FORGOT_LIMIT.perAccount + 1; i++) await forgot(h, email);
    await h.call('POST', '/api/lab/clock', { json: { reset: true } });
    expect((await forgot(h, email)).status).toBe(202);
    const inbox = (await h.call('GET', '/api/lab/inbox')).body as Array<{ to: string; subject: string }>;
    const links = inbox.filter((m) => m.to === email && m.subject === 'Reset your Auth Lab password');
    expect(links).toHaveLength(FORGOT_LIMIT.perAccount + 1);
  });

  it('builds the link from configuration, not from X-Forwarded-Host (the Host guard refuses foreign hosts)', async () => {
    const { email } = await freshAccount(h);
    const res = await forgot(h, email, { 'x-forwarded-host': 'localhost:4' });
    expect(res.status).toBe(202);
    expect((await mailedLink(h, email)).link.origin).toBe(h.lab.origins.app);
  });

  it('mails at most a few links per account per window, with the same answer', async () => {
    const { email } = await freshAccount(h);
    for (let i = 0; i < FORGOT_LIMIT.perAccount + 2; i++) expect((await forgot(h, email)).status).toBe(202);
    const inbox = (await h.call('GET', '/api/lab/inbox')).body as Array<{ to: string; subject: string }>;
    const links = inbox.filter((m) => m.to === email && m.subject === 'Reset your Auth Lab password');
    expect(links).toHaveLength(FORGOT_LIMIT.perAccount);
  });

  it.each([
    ['no body', undefined],
    ['no email', {}],
    ['not an email', { email: 'not-an-email' }],
    ['a number', { email: 42 }],
    ['an extra field', { email: 'a@example.test', admin: true }],
  ])('refuses %s with a clear 400', async (_name, json) => {
    const res = await h.call('POST', '/api/password/forgot', json === undefined ? {} : { json });
    expect([400, 415]).toContain(res.status);
    expect(res.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  });
});

describe('POST /api/password/reset', () => {
  it('sets the new password, ends every session and refresh token, mails a notice, keeps MFA on', async () => {
    const user = await enroll(h, await freshUser(h));
    await forgot(h, user.email);
    const { token } = await mailedLink(h, user.email);
    const res = await reset(h, token, NEW_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('reset');
    expect((await h.call('GET', '/api/mfa/status', { headers: user.headers })).status).toBe(401);
    expect((await signIn(user.email, user.password)).status).toBe(401);
    const again = await signIn(user.email, NEW_PASSWORD);
    expect(again.status).toBe(200);
    expect(again.body.requiresMfa).toBe(true); // MFA stays on
    expect((await lastMailTo(h, user.email))?.subject).toBe('Your Auth Lab password was changed');
  });

  it('ends the access and refresh tokens of the user', async () => {
    const { email, password } = await freshAccount(h);
    const tokens = await h.call('POST', '/api/jwt/login', { json: { email, password } });
    expect(tokens.status).toBe(200);
    const rt = tokens.headers
      .getSetCookie()
      .find((c) => c.startsWith('authlab_rt='))!
      .split(';')[0]!
      .slice(11);
    await forgot(h, email);
    expect((await reset(h, (await mailedLink(h, email)).token, NEW_PASSWORD)).status).toBe(200);
    expect((await jwtMe(h, tokens.body.accessToken)).status).toBe(401);
    expect((await refresh(h, rt)).status).toBe(401);
  });

  it('works once: the same link a second time is refused', async () => {
    const { email } = await freshAccount(h);
    await forgot(h, email);
    const { token } = await mailedLink(h, email);
    expect((await reset(h, token, NEW_PASSWORD)).status).toBe(200);
    const second = await reset(h, token, `${NEW_PASSWORD} again`);
    expect(second.status).toBe(400);
    expect(second.body.error).toBe('invalid_or_expired_token');
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(200);
  });

  it('expires after 30 minutes on the lab clock', async () => {
    const { email, password } = await freshAccount(h);
    await forgot(h, email);
    const { token } = await mailedLink(h, email);
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: RESET_TTL_MS + 1000 } });
    const res = await reset(h, token, NEW_PASSWORD);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_or_expired_token');
    expect((await signIn(email, password)).status).toBe(200);
  });

  it('refuses a weak new password without spending the link', async () => {
    const { email } = await freshAccount(h);
    await forgot(h, email);
    const { token } = await mailedLink(h, email);
    const weak = await reset(h, token, 'password1');
    expect(weak.status).toBe(400);
    expect(weak.body.error).toBe('weak_password');
    expect((await reset(h, token, NEW_PASSWORD)).status).toBe(200);
  });

  it.each([
    ['an unknown token', { token: 'A'.repeat(43), password: NEW_PASSWORD }],
    ['a token with odd characters', { token: '../../etc', password: NEW_PASSWORD }],
    ['an empty token', { token: '', password: NEW_PASSWORD }],
    ['no password', { token: 'A'.repeat(43) }],
    ['a numeric token', { token: 42, password: NEW_PASSWORD }],
    ['an extra field', { token: 'A'.repeat(43), password: NEW_PASSWORD, userId: 1 }],
  ])('refuses %s with a clear 400', async (_name, json) => {
    const res = await h.call('POST', '/api/password/reset', { json });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  });
});

describe('POST /api/password/change', () => {
  it('needs the current password and ends the other sessions, not this one', async () => {
    const { email, password } = await freshAccount(h);
    const first = await signIn(email, password);
    const second = await signIn(email, password);
    const headers = sessionHeaders(first.headers, first.body.csrfToken);
    const other = sessionHeaders(second.headers, second.body.csrfToken);
    const wrong = await h.call('POST', '/api/password/change', {
      json: { currentPassword: 'not it', newPassword: NEW_PASSWORD },
      headers,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_credentials');
    const ok = await h.call('POST', '/api/password/change', {
      json: { currentPassword: password, newPassword: NEW_PASSWORD },
      headers,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'changed', otherSessionsEnded: 1 });
    expect((await h.call('GET', '/api/session/me', { headers })).status).toBe(200);
    expect((await h.call('GET', '/api/session/me', { headers: other })).status).toBe(401);
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(200);
  });

  it('needs a login and the CSRF token', async () => {
    const json = { currentPassword: 'x', newPassword: NEW_PASSWORD };
    expect((await h.call('POST', '/api/password/change', { json })).status).toBe(401);
    const { email, password } = await freshAccount(h);
    const login = await signIn(email, password);
    const cookieOnly = { cookie: sessionHeaders(login.headers, '').cookie };
    expect((await h.call('POST', '/api/password/change', { json, headers: cookieOnly })).status).toBe(403);
  });

  it('works with a bearer token too', async () => {
    const { email, password } = await freshAccount(h);
    const tokens = await h.call('POST', '/api/jwt/login', { json: { email, password } });
    const res = await h.call('POST', '/api/password/change', {
      json: { currentPassword: password, newPassword: NEW_PASSWORD },
      headers: bearer(tokens.body.accessToken),
    });
    expect(res.status).toBe(200);
  });

  it.each([
    ['no body', {}],
    ['no new password', { currentPassword: 'x' }],
    ['an extra field', { currentPassword: 'x', newPassword: NEW_PASSWORD, email: 'a@b.test' }],
  ])('refuses %s with a clear 400', async (_name, json) => {
    const { email, password } = await freshAccount(h);
    const tokens = await h.call('POST', '/api/jwt/login', { json: { email, password } });
    const res = await h.call('POST', '/api/password/change', { json, headers: bearer(tokens.body.accessToken) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  });
});

describe('reset toggles (off = the attack works)', () => {
  it('reset.hashedToken off: the token sits in the database in clear', async () => {
    await withTogglesOff(h, ['reset.hashedToken'], async () => {
      const { email } = await freshAccount(h);
      await forgot(h, email);
      const { token } = await mailedLink(h, email);
      const row = h.lab.context.db.prepare('SELECT token_key FROM password_resets WHERE token_key = ?').get(token);
      expect(row).toBeDefined();
      expect((await reset(h, token, NEW_PASSWORD)).status).toBe(200);
    });
  });

  it('reset.singleUse off: a used link works again', async () => {
    await withTogglesOff(h, ['reset.singleUse'], async () => {
      const { email } = await freshAccount(h);
      await forgot(h, email);
      const { token } = await mailedLink(h, email);
      expect((await reset(h, token, NEW_PASSWORD)).status).toBe(200);
      expect((await reset(h, token, `${NEW_PASSWORD} attacker`)).status).toBe(200);
      expect((await signIn(email, `${NEW_PASSWORD} attacker`)).status).toBe(200);
    });
  });

  it('reset.trustHostHeader off: X-Forwarded-Host poisons the mailed link (the attacker gets the token)', async () => {
    await withTogglesOff(h, ['reset.trustHostHeader'], async () => {
      const { email } = await freshAccount(h);
      await forgot(h, email, { 'x-forwarded-host': 'localhost:4' });
      const { link, token } = await mailedLink(h, email);
      expect(link.origin).toBe(h.lab.origins.attacker);
      expect((await reset(h, token, NEW_PASSWORD)).status).toBe(200);
    });
  });
});

describe('parallel correct logins (the failed-login limit)', () => {
  it('8 simultaneous correct logins get 200 or a short "attempts in progress", never a 15-minute lockout', async () => {
    const { email, password } = await freshAccount(h);
    const answers = await Promise.all(Array.from({ length: 8 }, () => signIn(email, password)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(5);
    for (const answer of answers.filter((a) => a.status === 429)) {
      expect(answer.body.error).toBe('attempts_in_progress');
      expect(answer.body.message).toMatch(/in progress|being checked/);
      expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    }
    // Nothing failed, so nothing is held against the account afterwards.
    expect((await signIn(email, password)).status).toBe(200);
  });

  it('real failures still lock the account for the window', async () => {
    const { email, password } = await freshAccount(h);
    for (let i = 0; i < 5; i++) expect((await signIn(email, 'wrong password')).status).toBe(401);
    const locked = await signIn(email, password);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
  });
});

describe('GET /api/lab/password/resets (what the database stores)', () => {
  it('shows hashes with the defence on, and the live token with it off', async () => {
    const { email } = await freshAccount(h);
    await forgot(h, email);
    const { token } = await mailedLink(h, email);
    const view = await h.call('GET', '/api/lab/password/resets');
    expect(view.status).toBe(200);
    expect(view.headers.get('cache-control')).toBe('no-store');
    const row = (view.body as Array<{ email: string; tokenKey: string }>).find((r) => r.email === email)!;
    expect(row.tokenKey).toBe(createHash('sha256').update(token).digest('base64url'));
    await withTogglesOff(h, ['reset.hashedToken'], async () => {
      const other = await freshAccount(h);
      await forgot(h, other.email);
      const leaked = (await h.call('GET', '/api/lab/password/resets')).body as Array<{
        email: string;
        tokenKey: string;
      }>;
      expect(leaked.find((r) => r.email === other.email)!.tokenKey).toBe((await mailedLink(h, other.email)).token);
    });
  });
});
