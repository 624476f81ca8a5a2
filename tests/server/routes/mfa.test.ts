import { describe, expect, it } from 'vitest';
import { MFA_MAX_ATTEMPTS } from '../../../src/server/auth/password-login';
import { useTestLab } from '../helpers';
import { bearer } from '../helpers/jwt';
import { codeAt, enroll, freshUser, nextStep, passwordStep, post, sessionHeaders } from '../helpers/mfa';

const h = useTestLab();

describe('MFA enrollment', () => {
  it('setup returns a 160-bit secret, an otpauth URL and a QR code, and enables nothing', async () => {
    const user = await freshUser(h);
    const setup = await post(h, user, '/api/mfa/setup');
    expect(setup.status).toBe(200);
    expect(setup.headers.get('cache-control')).toBe('no-store');
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/); // 32 base32 characters = 160 bits
    const url = new URL(setup.body.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(decodeURIComponent(url.pathname)).toBe(`/Auth Lab:${user.email}`);
    expect(url.searchParams.get('secret')).toBe(setup.body.secret);
    expect(url.searchParams.get('issuer')).toBe('Auth Lab');
    expect(setup.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const status = await h.call('GET', '/api/mfa/status', { headers: user.headers });
    expect(status.body).toMatchObject({ enabled: false, pendingSetup: true });
    // The password alone still signs in: MFA is not on yet.
    const login = await h.call('POST', '/api/session/login', { json: { email: user.email, password: user.password } });
    expect(login.body.requiresMfa).toBeUndefined();
  });

  it('verify enables MFA only with a valid code and returns 10 recovery codes once', async () => {
    const user = await freshUser(h);
    const { body } = await post(h, user, '/api/mfa/setup');
    const wrong = codeAt(h, body.secret) === '000000' ? '111111' : '000000';
    expect((await post(h, user, '/api/mfa/verify', { code: wrong })).body.error).toBe('invalid_code');
    expect((await h.call('GET', '/api/mfa/status', { headers: user.headers })).body.enabled).toBe(false);
    const ok = await post(h, user, '/api/mfa/verify', { code: codeAt(h, body.secret) });
    expect(ok.status).toBe(200);
    expect(ok.body.recoveryCodes).toHaveLength(10);
    expect(new Set(ok.body.recoveryCodes).size).toBe(10);
    for (const code of ok.body.recoveryCodes) expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{5}-[0-9a-z]{5}$/);
    const status = await h.call('GET', '/api/mfa/status', { headers: user.headers });
    expect(status.body).toMatchObject({ enabled: true, pendingSetup: false, recoveryCodesLeft: 10 });
    // Stored hashed: no row holds a code in clear.
    const rows = h.lab.context.db.prepare('SELECT code_hash FROM mfa_recovery_codes').all() as Array<{
      code_hash: string;
    }>;
    for (const code of ok.body.recoveryCodes) {
      expect(rows.some((r) => r.code_hash.includes(code) || r.code_hash.includes(code.replace('-', '')))).toBe(false);
    }
    expect(rows.every((r) => r.code_hash.startsWith('$2'))).toBe(true);
  });

  it('the traffic view masks codes and recovery codes', async () => {
    const user = await enroll(h, await freshUser(h));
    h.lab.context.recorder.flush(); // the recorder writes in batches: write what it holds now
    const traffic = await h.call('GET', '/api/lab/traffic?limit=200');
    expect(traffic.status).toBe(200);
    expect(traffic.text).toContain('/api/mfa/verify');
    for (const code of user.recoveryCodes!) expect(traffic.text).not.toContain(code);
  });

  it('never hands out the secret again once MFA is on', async () => {
    const user = await enroll(h, await freshUser(h));
    const again = await post(h, user, '/api/mfa/setup');
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('mfa_already_enabled');
    expect(JSON.stringify((await h.call('GET', '/api/mfa/status', { headers: user.headers })).body)).not.toContain(
      user.secret!,
    );
  });

  it('verify without setup is a 409, and every MFA route needs a login and the CSRF token', async () => {
    const user = await freshUser(h);
    expect((await post(h, user, '/api/mfa/verify', { code: '123456' })).body.error).toBe('mfa_setup_required');
    const anonymous = await h.call('POST', '/api/mfa/setup', { json: {} });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('not_authenticated');
    // Login first, input second: an anonymous caller gets 401 even for a malformed body.
    expect((await h.call('POST', '/api/mfa/verify', { json: { code: 5 } })).status).toBe(401);
    const noCsrf = await h.call('POST', '/api/mfa/setup', { json: {}, headers: { cookie: user.headers.cookie! } });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error).toBe('csrf_token_invalid');
  });

  it('works with a bearer token from the JWT lab, which needs no CSRF token', async () => {
    const user = await freshUser(h);
    const jwt = await h.call('POST', '/api/jwt/login', { json: { email: user.email, password: user.password } });
    const headers = bearer(jwt.body.accessToken);
    // A bearer token carries no login time: adding an authenticator needs a step-up first.
    expect((await h.call('POST', '/api/auth/step-up', { json: { password: user.password }, headers })).status).toBe(
      200,
    );
    const setup = await h.call('POST', '/api/mfa/setup', { json: {}, headers });
    expect(setup.status).toBe(200);
    const verify = await h.call('POST', '/api/mfa/verify', { json: { code: codeAt(h, setup.body.secret) }, headers });
    expect(verify.status).toBe(200);
    const status = await h.call('GET', '/api/mfa/status', { headers });
    expect(status.body).toMatchObject({ enabled: true, via: 'bearer' });
    const bad = await h.call('GET', '/api/mfa/status', { headers: bearer('not.a.token') });
    expect(bad.status).toBe(401);
  });
});

describe('MFA login', () => {
  it('session login: password gives only a ticket, the code finishes it with a new session id', async () => {
    const user = await enroll(h, await freshUser(h));
    const first = await h.call('POST', '/api/session/login', { json: { email: user.email, password: user.password } });
    expect(first.body).toEqual({ requiresMfa: true, mfaTicket: expect.any(String) });
    expect(first.headers.getSetCookie().some((c) => c.startsWith('authlab_sid='))).toBe(false);
    const done = await h.call('POST', '/api/session/login/mfa', {
      json: { mfaTicket: first.body.mfaTicket, code: codeAt(h, user.secret!) },
      headers: { cookie: user.headers.cookie! },
    });
    expect(done.status).toBe(200);
    expect(done.body.user.email).toBe(user.email);
    const fresh = sessionHeaders(done.headers, done.body.csrfToken);
    expect(fresh.cookie).not.toBe(user.headers.cookie);
    expect((await h.call('GET', '/api/session/me', { headers: { cookie: user.headers.cookie! } })).status).toBe(401);
    expect((await h.call('GET', '/api/session/me', { headers: { cookie: fresh.cookie } })).status).toBe(200);
  });

  it('JWT login goes through the same ticket and code', async () => {
    const user = await enroll(h, await freshUser(h));
    const ticket = await passwordStep(h, user, 'jwt');
    const done = await h.call('POST', '/api/jwt/login/mfa', {
      json: { mfaTicket: ticket, code: codeAt(h, user.secret!) },
    });
    expect(done.status).toBe(200);
    expect(done.body.accessToken).toEqual(expect.any(String));
  });

  it('accepts the code of the previous and next step (±1), refuses ±2', async () => {
    const user = await enroll(h, await freshUser(h));
    for (const [steps, ok] of [
      [-2, false],
      [2, false],
      [-1, true],
      [1, true],
    ] as const) {
      await nextStep(h, 3); // well past every step used so far
      const ticket = await passwordStep(h, user);
      const res = await h.call('POST', '/api/session/login/mfa', {
        json: { mfaTicket: ticket, code: codeAt(h, user.secret!, steps) },
      });
      expect(res.status, `offset ${steps}`).toBe(ok ? 200 : 401);
    }
  });

  it('never accepts a time step twice (replay), even on a new ticket', async () => {
    const user = await enroll(h, await freshUser(h));
    const code = codeAt(h, user.secret!);
    const t1 = await passwordStep(h, user);
    expect((await h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: t1, code } })).status).toBe(200);
    const t2 = await passwordStep(h, user);
    const replay = await h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: t2, code } });
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('invalid_code');
    expect(replay.body.reason).toBe('code_already_used');
  });

  it(`ends the ticket after ${MFA_MAX_ATTEMPTS} wrong codes`, async () => {
    const user = await enroll(h, await freshUser(h));
    const ticket = await passwordStep(h, user);
    const right = codeAt(h, user.secret!);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 1; i < MFA_MAX_ATTEMPTS; i++) {
      const res = await h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: ticket, code: wrong } });
      expect(res.body).toMatchObject({ error: 'invalid_code', attemptsLeft: MFA_MAX_ATTEMPTS - i });
    }
    const last = await h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: ticket, code: wrong } });
    expect(last.body.error).toBe('mfa_ticket_invalid');
    const late = await h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: ticket, code: right } });
    expect(late.body.error).toBe('mfa_ticket_invalid');
  });

  it('a ticket is single-use, expires after 5 minutes, and is bound to its user and login path', async () => {
    const user = await enroll(h, await freshUser(h));
    const other = await enroll(h, await freshUser(h));
    // Single use.
    const t1 = await passwordStep(h, user);
    expect(
      (await h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: t1, code: codeAt(h, user.secret!) } }))
        .status,
    ).toBe(200);
    await nextStep(h);
    const reuse = await h.call('POST', '/api/session/login/mfa', {
      json: { mfaTicket: t1, code: codeAt(h, user.secret!) },
    });
    expect(reuse.body.error).toBe('mfa_ticket_invalid');
    // Bound to the login path: a session ticket does not finish a JWT login.
    const t2 = await passwordStep(h, user);
    const crossPath = await h.call('POST', '/api/jwt/login/mfa', {
      json: { mfaTicket: t2, code: codeAt(h, user.secret!) },
    });
    expect(crossPath.body.error).toBe('mfa_ticket_invalid');
    // Bound to the user: another account's code does not finish it.
    const t3 = await passwordStep(h, user);
    const otherCode = await h.call('POST', '/api/session/login/mfa', {
      json: { mfaTicket: t3, code: codeAt(h, other.secret!), email: other.email },
    });
    expect(otherCode.body.error).toBe('mfa_ticket_invalid');
    // Expiry on the lab clock.
    const t4 = await passwordStep(h, user);
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 5 * 60_000 + 1000 } });
    const expired = await h.call('POST', '/api/session/login/mfa', {
      json: { mfaTicket: t4, code: codeAt(h, user.secret!) },
    });
    expect(expired.body.error).toBe('mfa_ticket_invalid');
  });

  it('a recovery code works once in place of a code; a new set voids the old one', async () => {
    const user = await enroll(h, await freshUser(h));
    const [first, second] = user.recoveryCodes!;
    const t1 = await passwordStep(h, user);
    const ok = await h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: t1, code: first!.toUpperCase() } });
    expect(ok.status).toBe(200);
    const t2 = await passwordStep(h, user);
    const again = await h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: t2, code: first } });
    expect(again.body.error).toBe('invalid_code');
    const signedIn = sessionHeaders(ok.headers, ok.body.csrfToken);
    expect((await h.call('GET', '/api/mfa/status', { headers: signedIn })).body.recoveryCodesLeft).toBe(9);
    const regenerated = await post(h, { headers: signedIn }, '/api/mfa/recovery-codes', {
      code: codeAt(h, user.secret!),
    });
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.recoveryCodes).toHaveLength(10);
    const t3 = await passwordStep(h, user);
    const old = await h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: t3, code: second } });
    expect(old.body.error).toBe('invalid_code');
    const fresh = await h.call('POST', '/api/session/login/mfa', {
      json: { mfaTicket: t3, code: regenerated.body.recoveryCodes[0] },
    });
    expect(fresh.status).toBe(200);
  });
});
