import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../../src/server/auth/login-throttle';
import { ConfigError, parseTrustProxy } from '../../../src/server/core/config';
import { startTestLab, turnEveryDefenceOn, useTestLab, type LabHarness } from '../helpers';
import { freshAccount, setToggles, withTogglesOff } from '../helpers/password';

const h = useTestLab({ resetBeforeEach: true });
// Every test starts with every defence on, whatever the one before switched off.
afterEach(() => turnEveryDefenceOn(h));

describe('the per-IP key and X-Forwarded-For', () => {
  const spray = async (ip: (i: number) => string | undefined) => {
    const answers: number[] = [];
    for (let i = 0; i <= LOGIN_LIMITS.perIp; i++) {
      const forwarded = ip(i);
      const res = await h.call('POST', '/api/session/login', {
        json: { email: `spray-${i}@example.test`, password: 'Winter2024!' },
        headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
      });
      answers.push(res.status);
    }
    return answers;
  };

  /** Every guess up to the limit is checked (401); the next one is refused (429). */
  const expectStoppedAtLimit = (answers: number[]) => {
    expect(answers).toHaveLength(LOGIN_LIMITS.perIp + 1);
    expect(answers.slice(0, LOGIN_LIMITS.perIp)).toEqual(Array(LOGIN_LIMITS.perIp).fill(401));
    expect(answers[LOGIN_LIMITS.perIp]).toBe(429);
  };

  it(`stops one client spraying many accounts after ${LOGIN_LIMITS.perIp} failures`, async () => {
    expectStoppedAtLimit(await spray(() => undefined));
  });

  it('ignores X-Forwarded-For by default: rotating fake IPs still hits the per-IP limit', async () => {
    const client = await h.call('GET', '/api/lab/ratelimit/client', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(client.body).toMatchObject({ ip: '127.0.0.1', forwardedFor: '203.0.113.9', ignoreForwardedFor: true });
    expectStoppedAtLimit(await spray((i) => `198.51.100.${i}`));
  });

  it('with ratelimit.ignoreForwardedFor off, each fake IP is a new client and the spray goes on', async () => {
    await withTogglesOff(h, ['ratelimit.ignoreForwardedFor'], async () => {
      const client = await h.call('GET', '/api/lab/ratelimit/client', {
        headers: { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' },
      });
      expect(client.body.ip).toBe('203.0.113.9');
      const answers = await spray((i) => `198.51.100.${i}`);
      expect(answers.every((s) => s === 401)).toBe(true);
    });
  });

  it('rotating the IP gives each address its own 5, but the account-wide ceiling then slows new addresses', async () => {
    const { email, password } = await freshAccount(h);
    await withTogglesOff(h, ['ratelimit.ignoreForwardedFor'], async () => {
      for (let i = 0; i < LOGIN_LIMITS.accountWideSlowAfter; i++) {
        const res = await h.call('POST', '/api/session/login', {
          json: { email, password: `wrong ${i}` },
          headers: { 'x-forwarded-for': `198.51.100.${i}` },
        });
        expect(res.status).toBe(401);
      }
      const slowed = await h.call('POST', '/api/session/login', {
        json: { email, password },
        headers: { 'x-forwarded-for': '198.51.100.200' },
      });
      expect([slowed.status, slowed.body.error]).toEqual([429, 'login_slowed']);
      // A wait of seconds, not the window.
      expect(Number(slowed.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    });
  });
});

describe('a configured trusted proxy (--trust-proxy)', () => {
  const labWith = async (trustProxy: string) => {
    process.env.AUTHLAB_TRUST_PROXY = trustProxy;
    try {
      return await startTestLab();
    } finally {
      delete process.env.AUTHLAB_TRUST_PROXY;
    }
  };
  let trusted: LabHarness;
  let elsewhere: LabHarness;
  beforeAll(async () => {
    // app.inject connects from 127.0.0.1: the first lab trusts it as its proxy, the second trusts another range.
    trusted = await labWith('127.0.0.1');
    elsewhere = await labWith('10.0.0.0/8');
  });
  afterAll(async () => {
    await trusted.close();
    await elsewhere.close();
  });

  it('honours X-Forwarded-For from the configured proxy, keyed on the client it names', async () => {
    const client = await trusted.call('GET', '/api/lab/ratelimit/client', {
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(client.body).toMatchObject({ ip: '203.0.113.7', socketAddress: '127.0.0.1', trustProxy: '127.0.0.1' });
    await trusted.call('POST', '/api/session/login', {
      json: { email: 'someone@example.test', password: 'wrong' },
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    const counters = await trusted.call('GET', '/api/lab/ratelimit/counters?prefix=ip:');
    expect(counters.body.login.counters.map((c: { key: string }) => c.key)).toEqual(['ip:203.0.113.7']);
  });

  it('a client cannot add hops to skip past the proxy: the hop the proxy saw is the one used', async () => {
    const client = await trusted.call('GET', '/api/lab/ratelimit/client', {
      headers: { 'x-forwarded-for': '1.2.3.4, 203.0.113.7' },
    });
    expect(client.body.ip).toBe('203.0.113.7');
  });

  it('ignores X-Forwarded-For from an address that is not a configured proxy', async () => {
    const client = await elsewhere.call('GET', '/api/lab/ratelimit/client', {
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(client.body.ip).toBe('127.0.0.1');
  });

  it.each(['nonsense', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129', '1.2.3'])('refuses --trust-proxy %s', (raw) => {
    expect(() => parseTrustProxy(raw)).toThrow(ConfigError);
  });

  it('accepts a list of addresses and ranges', () => {
    expect(parseTrustProxy(' 10.0.0.1, 192.168.0.0/16 ,::1 ')).toBe('10.0.0.1,192.168.0.0/16,::1');
  });
});

describe('GET /api/lab/ratelimit/counters', () => {
  it('shows the account and IP counters with their limits, windows on the lab clock', async () => {
    const { email } = await freshAccount(h);
    for (let i = 0; i < 2; i++) await h.call('POST', '/api/session/login', { json: { email, password: 'nope' } });
    const { status, body } = await h.call('GET', `/api/lab/ratelimit/counters?prefix=${encodeURIComponent('account')}`);
    expect(status).toBe(200);
    expect(body.login).toMatchObject({
      enabled: true,
      perAccount: 5,
      accountWideSlowAfter: 20,
      perIp: 50,
      windowMs: 900_000,
    });
    const row = body.login.counters.find((c: { key: string }) => c.key === `account-ip:${email}|127.0.0.1`);
    expect(row).toMatchObject({ kind: 'account-ip', count: 2, limit: 5, limited: false, inFlight: 0 });
    expect(Date.parse(row.resetAt) - Date.parse(row.windowStart)).toBe(900_000);
    const accountWide = body.login.counters.find((c: { key: string }) => c.key === `account:${email}`);
    expect(accountWide).toMatchObject({ kind: 'account', count: 2, limit: 20, limited: false });
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: LOGIN_LIMITS.windowMs } });
    const later = await h.call('GET', '/api/lab/ratelimit/counters?prefix=account');
    expect(later.body.login.counters).toEqual([]);
  });

  it('shows the general per-IP limit counting every request, in windows on the lab clock', async () => {
    for (let i = 0; i < 3; i++) await h.call('GET', '/api/health');
    const { body } = await h.call('GET', '/api/lab/ratelimit/counters');
    expect(body.general).toMatchObject({ enabled: true, limit: 600, windowMs: 60_000 });
    expect(body.general.counters[0]).toMatchObject({ key: '127.0.0.1', kind: 'general', count: 3, limit: 600 });
    const health = await h.call('GET', '/api/health');
    expect(health.headers.get('ratelimit-limit')).toBe('600');
    expect(health.headers.get('ratelimit-remaining')).toBe('596');
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 60_000 } });
    expect((await h.call('GET', '/api/lab/ratelimit/counters')).body.general.counters).toEqual([]);
  });

  it('POST /api/lab/ratelimit/reset clears the counters, by scope', async () => {
    const { email, password } = await freshAccount(h);
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++)
      await h.call('POST', '/api/session/login', { json: { email, password: 'nope' } });
    expect((await h.call('POST', '/api/session/login', { json: { email, password } })).status).toBe(429);
    const general = await h.call('POST', '/api/lab/ratelimit/reset', { json: { scope: 'general' } });
    expect(general.status).toBe(200);
    expect((await h.call('POST', '/api/session/login', { json: { email, password } })).status).toBe(429);
    const login = await h.call('POST', '/api/lab/ratelimit/reset', { json: { scope: 'login' } });
    expect(login.body.cleared).toBeGreaterThanOrEqual(2);
    expect((await h.call('POST', '/api/session/login', { json: { email, password } })).status).toBe(200);
  });

  it('POST /api/lab/ratelimit/reset { keys } clears only those keys', async () => {
    const a = await freshAccount(h);
    const b = await freshAccount(h);
    for (const { email } of [a, b])
      for (let i = 0; i < LOGIN_LIMITS.perAccount; i++)
        await h.call('POST', '/api/session/login', { json: { email, password: 'nope' } });
    const res = await h.call('POST', '/api/lab/ratelimit/reset', {
      json: { keys: [`account-ip:${a.email}|127.0.0.1`, 'ip:none'] },
    });
    expect(res.body.cleared).toBe(1);
    expect((await h.call('POST', '/api/session/login', { json: a })).status).toBe(200);
    expect((await h.call('POST', '/api/session/login', { json: b })).status).toBe(429);
  });

  it('POST /api/lab/ratelimit/give-back takes off only the counts given, leaving those from before', async () => {
    const { email } = await freshAccount(h);
    for (let i = 0; i < 3; i++) await h.call('POST', '/api/session/login', { json: { email, password: 'nope' } });
    for (let i = 0; i < 4; i++) await h.call('GET', '/api/health');
    const res = await h.call('POST', '/api/lab/ratelimit/give-back', {
      json: { login: { [`account:${email}`]: 2, 'ip:127.0.0.1': 2, 'ip:none': 1 }, general: { '127.0.0.1': 4 } },
    });
    expect(res.status).toBe(200);
    expect(res.body.givenBack).toBe(3);
    const { body } = await h.call('GET', '/api/lab/ratelimit/counters');
    const count = (rows: Array<{ key: string; count: number }>, key: string) => rows.find((r) => r.key === key)?.count;
    expect(count(body.login.counters, `account:${email}`)).toBe(1);
    expect(count(body.login.counters, 'ip:127.0.0.1')).toBe(1);
    // Registration, 3 logins and 4 health checks counted (lab routes never do); 4 given back leave the first four.
    expect(count(body.general.counters, '127.0.0.1')).toBe(4);
    const more = await h.call('POST', '/api/lab/ratelimit/give-back', {
      json: { login: { [`account:${email}`]: 50 } },
    });
    expect(more.body.givenBack).toBe(1);
    // A counter given back to 0 is gone, as if never counted.
    const after = await h.call('GET', `/api/lab/ratelimit/counters?prefix=${encodeURIComponent(`account:${email}`)}`);
    expect(after.body.login.counters).toEqual([]);
  });

  it('shows no counting with ratelimit.login off', async () => {
    const { email } = await freshAccount(h);
    await setToggles(h, { 'ratelimit.login': false });
    try {
      await h.call('POST', '/api/session/login', { json: { email, password: 'nope' } });
      const { body } = await h.call('GET', '/api/lab/ratelimit/counters?prefix=account:');
      expect(body.login.enabled).toBe(false);
      expect(body.login.counters).toEqual([]);
    } finally {
      await setToggles(h, { 'ratelimit.login': true });
    }
  });
});

describe('bad input to the rate-limit lab routes', () => {
  it.each([
    ['GET', '/api/lab/ratelimit/counters?prefix=' + 'x'.repeat(400), undefined],
    ['GET', '/api/lab/ratelimit/counters?other=1', undefined],
    ['POST', '/api/lab/ratelimit/reset', { scope: 'everything' }],
    ['POST', '/api/lab/ratelimit/reset', { scope: 1 }],
    ['POST', '/api/lab/ratelimit/reset', { scope: 'all', extra: true }],
    ['POST', '/api/lab/ratelimit/reset', []],
    ['POST', '/api/lab/ratelimit/reset', { keys: 'ip:1.2.3.4' }],
    ['POST', '/api/lab/ratelimit/reset', { keys: [''] }],
    ['POST', '/api/lab/ratelimit/reset', { keys: ['x'.repeat(401)] }],
    ['POST', '/api/lab/ratelimit/reset', { keys: Array.from({ length: 1001 }, (_, i) => `k${i}`) }],
    ['POST', '/api/lab/ratelimit/give-back', { login: { 'ip:1.2.3.4': 0 } }],
    ['POST', '/api/lab/ratelimit/give-back', { login: { 'ip:1.2.3.4': 1.5 } }],
    ['POST', '/api/lab/ratelimit/give-back', { general: { '1.2.3.4': '2' } }],
    ['POST', '/api/lab/ratelimit/give-back', { login: [] }],
    ['POST', '/api/lab/ratelimit/give-back', { other: {} }],
    ['POST', '/api/lab/ratelimit/give-back', { login: { ['x'.repeat(401)]: 1 } }],
  ])('%s %s %j → 400 invalid_request', async (method, path, json) => {
    const res = await h.call(method, path, json === undefined ? {} : { json });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    expect(typeof res.body.message).toBe('string');
  });

  it('a body that is not JSON → 400 invalid_json, a form → 415', async () => {
    const broken = await h.call('POST', '/api/lab/ratelimit/reset', {
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect([broken.status, broken.body.error]).toEqual([400, 'invalid_json']);
    const form = await h.call('POST', '/api/lab/ratelimit/reset', {
      body: 'scope=all',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });
});
