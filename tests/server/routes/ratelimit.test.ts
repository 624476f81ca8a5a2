import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../../src/server/auth/login-throttle';
import { ConfigError, parseTrustProxy } from '../../../src/server/core/config';
import { startTestLab, useTestLab, type CallResult, type LabHarness } from '../helpers';
import { sessionHeaders } from '../helpers/mfa';
import { ScriptedBrowser, authorizeUrl, basic, demoClients, hiddenFields, postForm } from '../helpers/oauth';
import { freshAccount, setToggles, withTogglesOff } from '../helpers/password';

const h = useTestLab({ resetBeforeEach: true });
// Every test starts with every defence on, whatever the one before switched off.
afterEach(async () => {
  const { body } = await h.call('GET', '/api/lab/toggles');
  await setToggles(h, Object.fromEntries(Object.keys(body).map((name) => [name, true])));
});

type Answer = Pick<CallResult, 'status' | 'headers' | 'text'>;

/** One password check on one login route, as a real client makes it. */
interface LoginRoute {
  name: string;
  /** Prepares what the route needs (a session for password change, a sign-in page for Lab ID). */
  prepare: (account: { email: string; password: string }) => Promise<(password: string) => Promise<Answer>>;
}

const jsonLogin =
  (path: string) =>
  async ({ email }: { email: string }) =>
  (password: string) =>
    h.call('POST', path, { json: { email, password } });

const LOGIN_ROUTES: LoginRoute[] = [
  { name: 'session login', prepare: jsonLogin('/api/session/login') },
  { name: 'JWT login', prepare: jsonLogin('/api/jwt/login') },
  {
    name: 'Lab ID sign-in (idp origin, HTML form)',
    prepare: async ({ email }) => {
      const yourApp = (await demoClients(h))['your-app']!;
      // The scripted browser keeps the cookies; the last answer's headers are kept here.
      let lastHeaders = new Headers();
      const browser = new ScriptedBrowser(async (input, init) => {
        const res = await h.fetch(input, init);
        lastHeaders = res.headers;
        return res;
      });
      const page = await browser.request(
        'GET',
        authorizeUrl(h, {
          response_type: 'code',
          client_id: 'your-app',
          redirect_uri: yourApp.redirectUris[0]!,
          scope: 'openid',
          state: 's',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        }),
      );
      const fields = hiddenFields(page.text);
      return async (password) => {
        const res = await browser.request('POST', `${h.lab.origins.idp}/login`, {
          form: { ...fields, email, password },
        });
        return { status: res.status, headers: lastHeaders, text: res.text };
      };
    },
  },
  {
    name: 'OAuth password grant (idp /token, oauth.refuseImplicitAndPassword off)',
    prepare: async ({ email }) => {
      await setToggles(h, { 'oauth.refuseImplicitAndPassword': false });
      const secret = (await demoClients(h))['your-app']!.clientSecret!;
      return async (password) => {
        const res = await postForm(
          h,
          '/token',
          { grant_type: 'password', username: email, password, scope: 'openid' },
          { authorization: basic('your-app', secret) },
        );
        return { status: res.status, headers: res.headers, text: res.text };
      };
    },
  },
  {
    name: 'password change',
    prepare: async ({ email, password: current }) => {
      const login = await h.call('POST', '/api/session/login', { json: { email, password: current } });
      const headers = sessionHeaders(login.headers, login.body.csrfToken);
      return (password) =>
        h.call('POST', '/api/password/change', {
          json: { currentPassword: password, newPassword: current },
          headers,
        });
    },
  },
];

/** The status a successful check answers with on each route. */
const okStatus = (route: LoginRoute) => (route.name.startsWith('Lab ID') ? 303 : 200);

function expectThrottleHeaders(answer: Answer, limit: number): void {
  expect(answer.status).toBe(429);
  const wait = Number(answer.headers.get('retry-after'));
  expect(wait).toBeGreaterThan(800);
  expect(wait).toBeLessThanOrEqual(900);
  expect(answer.headers.get('ratelimit-limit')).toBe(String(limit));
  expect(answer.headers.get('ratelimit-remaining')).toBe('0');
  expect(answer.headers.get('ratelimit-reset')).toBe(String(wait));
}

describe.each(LOGIN_ROUTES)('the failed-login limit on $name', (route) => {
  it(`answers 429 with Retry-After and RateLimit headers after ${LOGIN_LIMITS.perAccount} failures, even for the right password`, async () => {
    const account = await freshAccount(h);
    const attempt = await route.prepare(account);
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) expect((await attempt(`wrong ${i}`)).status).not.toBe(429);
    const locked = await attempt(account.password);
    expectThrottleHeaders(locked, LOGIN_LIMITS.perAccount);
    expect(locked.text).toMatch(/Too many failed attempts\. Try again in 15 minutes/);
  });

  it('does not count successes', async () => {
    const account = await freshAccount(h);
    for (let i = 0; i < LOGIN_LIMITS.perAccount + 2; i++) {
      const attempt = await route.prepare(account);
      expect((await attempt(account.password)).status).toBe(okStatus(route));
    }
  });

  it('frees the account when the lab clock passes the window', async () => {
    const account = await freshAccount(h);
    const attempt = await route.prepare(account);
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) await attempt(`wrong ${i}`);
    expect((await attempt(account.password)).status).toBe(429);
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: LOGIN_LIMITS.windowMs } });
    const again = await route.prepare(account);
    expect((await again(account.password)).status).toBe(okStatus(route));
  });

  it('moving the lab clock back ends a window that started in the future, not locks for a day', async () => {
    const account = await freshAccount(h);
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 24 * 60 * 60_000 } });
    const attempt = await route.prepare(account);
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) await attempt(`wrong ${i}`);
    expect((await attempt(account.password)).status).toBe(429);
    await h.call('POST', '/api/lab/clock', { json: { reset: true } });
    const again = await route.prepare(account);
    expect((await again(account.password)).status).toBe(okStatus(route));
  });

  it('with ratelimit.login off, runs a whole word list and finds the password', async () => {
    const account = await freshAccount(h);
    await withTogglesOff(h, ['ratelimit.login'], async () => {
      const attempt = await route.prepare(account);
      for (let i = 0; i < 3 * LOGIN_LIMITS.perAccount; i++) expect((await attempt(`guess ${i}`)).status).not.toBe(429);
      expect((await attempt(account.password)).status).toBe(okStatus(route));
    });
  });
});

describe('the MFA step', () => {
  it('answers 429 with Retry-After and RateLimit headers once the account spent its wrong codes', async () => {
    const { body: accounts } = await h.call('GET', '/api/lab/accounts');
    const mfa = (accounts as Array<{ email: string; password: string; mfa: boolean }>).find((a) => a.mfa)!;
    let last: CallResult | undefined;
    for (let tries = 0; tries < LOGIN_LIMITS.mfaPerAccount + 5 && last?.status !== 429; tries++) {
      const step = await h.call('POST', '/api/session/login', { json: { email: mfa.email, password: mfa.password } });
      last = await h.call('POST', '/api/session/login/mfa', {
        json: { mfaTicket: step.body.mfaTicket, code: '000000' },
      });
    }
    expect(last!.body.error).toBe('rate_limited');
    expectThrottleHeaders(last!, LOGIN_LIMITS.mfaPerAccount);
  });
});

describe('windows that start in the future (lab clock moved back)', () => {
  it('the MFA counter is over once the clock is back, and the sweep drops every such counter', async () => {
    const { body: accounts } = await h.call('GET', '/api/lab/accounts');
    const mfa = (accounts as Array<{ email: string; password: string; mfa: boolean }>).find((a) => a.mfa)!;
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 24 * 60 * 60_000 } });
    let last: CallResult | undefined;
    for (let tries = 0; tries < LOGIN_LIMITS.mfaPerAccount + 5 && last?.status !== 429; tries++) {
      const step = await h.call('POST', '/api/session/login', { json: { email: mfa.email, password: mfa.password } });
      last = await h.call('POST', '/api/session/login/mfa', {
        json: { mfaTicket: step.body.mfaTicket, code: '000000' },
      });
    }
    expect(last!.status).toBe(429);
    await h.call('POST', '/api/lab/clock', { json: { reset: true } });
    const step = await h.call('POST', '/api/session/login', { json: { email: mfa.email, password: mfa.password } });
    const wrong = await h.call('POST', '/api/session/login/mfa', {
      json: { mfaTicket: step.body.mfaTicket, code: '000000' },
    });
    expect(wrong.status).toBe(401);
    // Moving the clock runs the sweep, which drops counters whose window starts after now.
    const { db, clock } = h.lab.context;
    const future = db.prepare('SELECT count(*) AS n FROM login_failures WHERE window_start > ?');
    expect(future.get(clock.nowMs())).toEqual({ n: 0 });
  });
});

describe('parallel correct logins', () => {
  it.each(['/api/session/login', '/api/jwt/login'])(
    '8 simultaneous correct logins on %s never answer "Too many failed attempts"',
    async (path) => {
      const { email, password } = await freshAccount(h);
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => h.call('POST', path, { json: { email, password } })),
      );
      for (const answer of answers) {
        expect(answer.body.message ?? '').not.toMatch(/Too many failed attempts/);
        if (answer.status === 429) {
          expect(answer.body.error).toBe('attempts_in_progress');
          expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(2);
        } else expect(answer.status).toBe(200);
      }
    },
  );
});

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

  it('the per-account key still holds when the IP rotates', async () => {
    const { email, password } = await freshAccount(h);
    await withTogglesOff(h, ['ratelimit.ignoreForwardedFor'], async () => {
      for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
        await h.call('POST', '/api/session/login', {
          json: { email, password: `wrong ${i}` },
          headers: { 'x-forwarded-for': `198.51.100.${i}` },
        });
      }
      const locked = await h.call('POST', '/api/session/login', {
        json: { email, password },
        headers: { 'x-forwarded-for': '198.51.100.200' },
      });
      expect(locked.status).toBe(429);
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
    const { status, body } = await h.call(
      'GET',
      `/api/lab/ratelimit/counters?prefix=${encodeURIComponent('account:')}`,
    );
    expect(status).toBe(200);
    expect(body.login).toMatchObject({ enabled: true, perAccount: 5, perIp: 50, windowMs: 900_000 });
    const row = body.login.counters.find((c: { key: string }) => c.key === `account:${email}`);
    expect(row).toMatchObject({ kind: 'account', count: 2, limit: 5, limited: false, inFlight: 0 });
    expect(Date.parse(row.resetAt) - Date.parse(row.windowStart)).toBe(900_000);
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: LOGIN_LIMITS.windowMs } });
    const later = await h.call('GET', '/api/lab/ratelimit/counters?prefix=account:');
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
    const res = await h.call('POST', '/api/lab/ratelimit/reset', { json: { keys: [`account:${a.email}`, 'ip:none'] } });
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
    const after = await h.call('GET', '/api/lab/ratelimit/counters?prefix=account:');
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
