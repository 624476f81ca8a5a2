import { afterEach, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../../src/server/auth/login-throttle';
import { turnEveryDefenceOn, useTestLab, type CallResult } from '../helpers';
import { sessionHeaders } from '../helpers/mfa';
import { ScriptedBrowser, authorizeUrl, basic, demoClients, hiddenFields, postForm } from '../helpers/oauth';
import { freshAccount, setToggles, withTogglesOff } from '../helpers/password';

const h = useTestLab({ resetBeforeEach: true });
// Every test starts with every defence on, whatever the one before switched off.
afterEach(() => turnEveryDefenceOn(h));

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
