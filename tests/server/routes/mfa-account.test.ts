import { describe, expect, it } from 'vitest';
import { ENROLLMENT_TTL_MS, STEP_UP_WINDOW_MS } from '../../../src/server/labs/mfa';
import { MfaRepository } from '../../../src/server/labs/mfa/repositories';
import { useTestLab } from '../helpers';
import { bearer } from '../helpers/jwt';
import { codeAt, enroll, freshUser, passwordStep, post, sessionHeaders } from '../helpers/mfa';

const h = useTestLab();

describe('the sweep', () => {
  it('drops expired tickets, stale step-ups and abandoned setups, and keeps live ones', async () => {
    const { db } = h.lab.context;
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const user = await enroll(h, await freshUser(h));
    const pending = await freshUser(h);
    await post(h, pending, '/api/mfa/setup');
    await passwordStep(h, user);
    await post(h, user, '/api/auth/step-up', { password: user.password });
    const repository = new MfaRepository(h.lab.context);
    repository.sweep(STEP_UP_WINDOW_MS, ENROLLMENT_TTL_MS);
    const before = [count('mfa_tickets'), count('mfa_step_ups'), count('mfa_enrollments')];
    expect(before.every((n) => n > 0)).toBe(true);
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: ENROLLMENT_TTL_MS + 1000 } });
    repository.sweep(STEP_UP_WINDOW_MS, ENROLLMENT_TTL_MS);
    expect([count('mfa_tickets'), count('mfa_step_ups'), count('mfa_enrollments')]).toEqual([0, 0, 0]);
  });
});

describe('parallel use', () => {
  it('of one ticket, or of one recovery code, exactly one request wins', async () => {
    const user = await enroll(h, await freshUser(h));
    const ticket = await passwordStep(h, user);
    const code = codeAt(h, user.secret!);
    const same = await Promise.all(
      [1, 2, 3].map(() => h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: ticket, code } })),
    );
    expect(same.filter((r) => r.status === 200)).toHaveLength(1);
    const tickets = await Promise.all([1, 2, 3].map(() => passwordStep(h, user)));
    const recovery = user.recoveryCodes![0]!;
    const races = await Promise.all(
      tickets.map((t) => h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: t, code: recovery } })),
    );
    expect(races.filter((r) => r.status === 200)).toHaveLength(1);
  });
});

describe('after an MFA change', () => {
  it('offers to end the other sessions of the account, and keeps this one', async () => {
    const user = await enroll(h, await freshUser(h));
    const other = await freshUser(h); // a second account's session must survive
    const t = await passwordStep(h, user);
    const second = await h.call('POST', '/api/session/login/mfa', {
      json: { mfaTicket: t, code: codeAt(h, user.secret!) },
    });
    const secondHeaders = sessionHeaders(second.headers, second.body.csrfToken);
    expect((await h.call('GET', '/api/mfa/status', { headers: user.headers })).body.otherSessions).toBe(1);
    const ended = await post(h, user, '/api/mfa/end-other-sessions');
    expect(ended.body).toEqual({ ended: 1 });
    expect((await h.call('GET', '/api/session/me', { headers: secondHeaders })).status).toBe(401);
    expect((await h.call('GET', '/api/session/me', { headers: user.headers })).status).toBe(200);
    expect((await h.call('GET', '/api/session/me', { headers: other.headers })).status).toBe(200);
  });
});

describe('turning MFA off', () => {
  it('needs the password and a current code', async () => {
    const user = await enroll(h, await freshUser(h));
    const code = () => codeAt(h, user.secret!);
    expect((await post(h, user, '/api/mfa/disable', { code: code() })).status).toBe(400);
    expect((await post(h, user, '/api/mfa/disable', { password: user.password })).status).toBe(400);
    const wrongPassword = await post(h, user, '/api/mfa/disable', { password: 'not-the-password', code: code() });
    expect(wrongPassword.body.error).toBe('invalid_credentials');
    const wrongCode = await post(h, user, '/api/mfa/disable', {
      password: user.password,
      code: code() === '000000' ? '111111' : '000000',
    });
    expect(wrongCode.body.error).toBe('invalid_code');
    expect((await h.call('GET', '/api/mfa/status', { headers: user.headers })).body.enabled).toBe(true);
    const off = await post(h, user, '/api/mfa/disable', { password: user.password, code: code() });
    expect(off.status).toBe(200);
    expect((await h.call('GET', '/api/mfa/status', { headers: user.headers })).body.enabled).toBe(false);
    const login = await h.call('POST', '/api/session/login', { json: { email: user.email, password: user.password } });
    expect(login.body.user.email).toBe(user.email);
  });
});

describe('step-up', () => {
  const transfer = (headers: Record<string, string>) =>
    h.call('POST', '/api/bank/transfer', { json: { to: 'DE00 1234', amount: 250 }, headers });

  it('a fresh login may transfer; 5 minutes later it needs a step-up, by password or code', async () => {
    const user = await enroll(h, await freshUser(h));
    expect((await transfer(user.headers)).status).toBe(200);
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 5 * 60_000 + 1000 } });
    const refused = await transfer(user.headers);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('step_up_required');
    const wrong = await post(h, user, '/api/auth/step-up', { password: 'not-the-password' });
    expect(wrong.body.error).toBe('invalid_credentials');
    expect((await post(h, user, '/api/auth/step-up', { code: codeAt(h, user.secret!) })).status).toBe(200);
    expect((await transfer(user.headers)).status).toBe(200);
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 5 * 60_000 + 1000 } });
    expect((await transfer(user.headers)).body.error).toBe('step_up_required');
    expect((await post(h, user, '/api/auth/step-up', { password: user.password })).status).toBe(200);
    expect((await transfer(user.headers)).status).toBe(200);
  });

  it('a step-up made while the lab clock was ahead does not count once the clock goes back', async () => {
    const user = await enroll(h, await freshUser(h));
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 10 * 60_000 } });
    expect((await post(h, user, '/api/auth/step-up', { password: user.password })).status).toBe(200);
    await h.call('POST', '/api/lab/clock', { json: { reset: true } });
    // Age the login past the window; the step-up is still 4 minutes "ahead", which must not allow the transfer.
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 6 * 60_000 } });
    expect((await transfer(user.headers)).body.error).toBe('step_up_required');
  });

  it('a bearer token steps up for itself only', async () => {
    const user = await freshUser(h);
    const jwt = await h.call('POST', '/api/jwt/login', { json: { email: user.email, password: user.password } });
    const headers = bearer(jwt.body.accessToken);
    expect((await transfer(headers)).body.error).toBe('step_up_required');
    expect((await h.call('POST', '/api/auth/step-up', { json: { password: user.password }, headers })).status).toBe(
      200,
    );
    expect((await transfer(headers)).status).toBe(200);
  });
});

describe('bad input never gets a 5xx', () => {
  const cases: Array<[string, unknown]> = [
    ['/api/mfa/verify', {}],
    ['/api/mfa/verify', { code: 123456 }],
    ['/api/mfa/verify', { code: 'x'.repeat(10_000) }],
    ['/api/mfa/verify', { code: '123456', extra: 1 }],
    ['/api/mfa/disable', { password: '', code: '' }],
    ['/api/mfa/disable', { password: null, code: [] }],
    ['/api/mfa/recovery-codes', { code: { $ne: 1 } }],
    ['/api/auth/step-up', {}],
    ['/api/auth/step-up', { password: 'a', code: '123456' }],
    ['/api/auth/step-up', { code: '' }],
    ['/api/bank/transfer', { to: 'x', amount: -5 }],
    ['/api/bank/transfer', { to: 'x', amount: 'a lot' }],
    ['/api/bank/transfer', { to: '', amount: 1 }],
    ['/api/bank/transfer', { to: 'x'.repeat(500), amount: 1 }],
    ['/api/bank/transfer', []],
    ['/api/session/login/mfa', { mfaTicket: 'nope', code: '123456' }],
    ['/api/session/login/mfa', { mfaTicket: 'nope', code: 'aaaaa-bbbbb', email: 'x' }],
    ['/api/session/login/mfa', { mfaTicket: '', code: '' }],
    ['/api/jwt/login/mfa', { mfaTicket: 'x'.repeat(201), code: '1' }],
    ['/api/lab/mfa/authenticator', { secret: 'not base32!!!!!!!!' }],
    ['/api/lab/mfa/authenticator', { secret: 'A' }],
    ['/api/lab/mfa/authenticator', {}],
  ];

  it.each(cases)('%s %j', async (path, json) => {
    const user = await freshUser(h);
    const res = await post(h, user, path, json);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  });

  it('a broken JSON body or a wrong content type is a 4xx too', async () => {
    const user = await freshUser(h);
    const broken = await h.call('POST', '/api/mfa/verify', {
      body: '{"code":',
      headers: { ...user.headers, 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    const text = await h.call('POST', '/api/mfa/verify', {
      body: 'code=1',
      headers: { ...user.headers, 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });
});

describe('the built-in authenticator (lab tool)', () => {
  it('shows the previous, current and next codes and how the current one is made', async () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const res = await h.call('POST', '/api/lab/mfa/authenticator', { json: { secret } });
    expect(res.status).toBe(200);
    expect(res.body.codes).toEqual({
      previous: codeAt(h, secret, -1),
      current: codeAt(h, secret),
      next: codeAt(h, secret, 1),
    });
    expect(res.body.explanation.code).toBe(res.body.codes.current);
    expect(res.body.secondsLeft).toBeGreaterThan(0);
    expect(res.body.secondsLeft).toBeLessThanOrEqual(30);
  });

  // Lengths a base32 text cannot have, or too few bits: each once answered 500 (otplib's "Excess padding" or SecretTooShortError).
  it.each([
    ['16 characters (80 bits)', 'A'.repeat(16), /at least 128/],
    ['17 characters', 'A'.repeat(17), /cannot be 17 characters/],
    ['25 characters (one short)', 'A'.repeat(25), /cannot be 25 characters/],
    ['33 characters', 'A'.repeat(33), /cannot be 33 characters/],
    ['51 characters', 'A'.repeat(51), /cannot be 51 characters/],
    ['89 characters', 'A'.repeat(89), /cannot be 89 characters/],
    ['too much padding', `${'A'.repeat(26)}=======`, /padding does not fit/],
    ['padding on a whole group', `${'A'.repeat(32)}=`, /padding does not fit/],
    ['padding in the middle', `${'A'.repeat(13)}=${'A'.repeat(13)}`, /must be base32/],
    ['over 512 bits', 'A'.repeat(128), /at most 512/],
  ])('refuses a secret of %s with 400 and the reason', async (_, secret, reason) => {
    const res = await h.call('POST', '/api/lab/mfa/authenticator', { json: { secret } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.message).toMatch(reason);
  });

  it.each([
    ['26 characters (the 128-bit minimum)', 'A'.repeat(26)],
    ['26 characters with their padding', `${'A'.repeat(26)}======`],
    ['103 characters (512 bits)', 'A'.repeat(103)],
    ['lower case with spaces', 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq'],
  ])('accepts a secret of %s', async (_, secret) => {
    const res = await h.call('POST', '/api/lab/mfa/authenticator', { json: { secret } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.codes.current).toMatch(/^\d{6}$/);
  });

  it('a phone clock 70 s off lands two or three steps away: outside the ±1 window', async () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const near = await h.call('POST', '/api/lab/mfa/authenticator', { json: { secret, driftSeconds: 0 } });
    expect(near.body.phone).toMatchObject({ stepOffset: 0, inWindow: true, code: near.body.codes.current });
    const far = await h.call('POST', '/api/lab/mfa/authenticator', { json: { secret, driftSeconds: 70 } });
    expect(far.body.phone.inWindow).toBe(false);
    expect(far.body.phone.stepOffset).toBeGreaterThanOrEqual(2);
  });
});
