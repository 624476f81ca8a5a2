import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../../src/server/auth/login-throttle';
import { startTestLab, type LabHarness } from '../helpers';
import { freshUser } from '../helpers/mfa';
import { ScriptedBrowser, authorizeUrl, demoClients, hiddenFields } from '../helpers/oauth';
import { CHALLENGE } from '../helpers/oauth-lab';
import { freshAccount } from '../helpers/password';

/**
 * Malicious lockout (ASVS 5.0 V6.1.1). The lab sits behind a trusted proxy
 * (--trust-proxy 127.0.0.1, where app.inject connects from), so
 * X-Forwarded-For names each client: a stranger at one address, the owner at
 * another. The stranger's 10 wrong passwords must not keep the owner out.
 */
const STRANGER = '203.0.113.66';
const OWNER = '198.51.100.7';
const from = (ip: string) => ({ 'x-forwarded-for': ip });

let h: LabHarness;
beforeAll(async () => {
  process.env.AUTHLAB_TRUST_PROXY = '127.0.0.1';
  try {
    h = await startTestLab();
  } finally {
    delete process.env.AUTHLAB_TRUST_PROXY;
  }
});
afterAll(() => h.close());
beforeEach(() => h.call('POST', '/api/lab/reset'));

type Who = { email: string; password: string };
const tenWrongFrom = async (path: string, who: Who) => {
  for (let i = 0; i < 10; i++)
    await h.call('POST', path, { json: { email: who.email, password: `wrong ${i}` }, headers: from(STRANGER) });
};

describe("a stranger's failures do not lock the owner out", () => {
  it.each(['/api/session/login', '/api/jwt/login'])(
    '%s: the owner from another address signs in; the stranger is still limited',
    async (path) => {
      const owner = await freshAccount(h);
      await tenWrongFrom(path, owner);
      const stranger = await h.call('POST', path, { json: owner, headers: from(STRANGER) });
      expect([stranger.status, stranger.body.error]).toEqual([429, 'rate_limited']);
      expect(Number(stranger.headers.get('retry-after'))).toBeGreaterThan(60);
      expect((await h.call('POST', path, { json: owner, headers: from(OWNER) })).status).toBe(200);
    },
  );

  it('Lab ID sign-in: the owner from another address signs in; the stranger is still limited', async () => {
    const owner = await freshAccount(h);
    const redirectUri = (await demoClients(h))['your-app']!.redirectUris[0]!;
    const params = {
      response_type: 'code',
      client_id: 'your-app',
      redirect_uri: redirectUri,
      scope: 'openid',
      state: 's',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    };
    const signInFrom = async (ip: string, password: string) => {
      const browser = new ScriptedBrowser((input, init) =>
        h.fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...from(ip) } }),
      );
      const page = await browser.request('GET', authorizeUrl(h, params));
      return browser.request('POST', `${h.lab.origins.idp}/login`, {
        form: { ...hiddenFields(page.text), email: owner.email, password },
      });
    };
    for (let i = 0; i < 10; i++) await signInFrom(STRANGER, `wrong ${i}`);
    expect((await signInFrom(STRANGER, owner.password)).status).toBe(429);
    expect((await signInFrom(OWNER, owner.password)).status).toBe(303);
  });

  it('step-up: the owner, signed in from another address, re-enters the password', async () => {
    const owner = await freshUser(h);
    await tenWrongFrom('/api/session/login', owner);
    const stepUp = await h.call('POST', '/api/auth/step-up', {
      json: { password: owner.password },
      headers: { ...owner.headers, ...from(OWNER) },
    });
    expect(stepUp.status).toBe(200);
    const stranger = await h.call('POST', '/api/session/login', {
      json: { email: owner.email, password: owner.password },
      headers: from(STRANGER),
    });
    expect(stranger.status).toBe(429);
  });
});

describe('the account-wide ceiling: guessing spread over many addresses', () => {
  const guessFrom = (who: Who, i: number) =>
    h.call('POST', '/api/session/login', {
      json: { email: who.email, password: `guess ${i}` },
      headers: from(`10.${(i >> 8) & 255}.${i & 255}.9`),
    });

  it(`past ${LOGIN_LIMITS.accountWideSlowAfter} failures, addresses new to the account wait seconds between attempts, and the owner's known address does not`, async () => {
    const owner = await freshAccount(h);
    expect((await h.call('POST', '/api/session/login', { json: owner, headers: from(OWNER) })).status).toBe(200);
    for (let i = 0; i < LOGIN_LIMITS.accountWideSlowAfter; i++) expect((await guessFrom(owner, i)).status).toBe(401);
    const slowed = await guessFrom(owner, 1000);
    expect([slowed.status, slowed.body.error, slowed.body.limitedBy]).toEqual([429, 'login_slowed', 'account']);
    expect(Number(slowed.headers.get('retry-after'))).toBeLessThanOrEqual(1);
    // Even the owner's right password from a new address waits those seconds, never the window.
    const newPlace = await h.call('POST', '/api/session/login', { json: owner, headers: from('192.0.2.44') });
    expect([newPlace.status, newPlace.body.error]).toEqual([429, 'login_slowed']);
    // The address the owner signed in from is known to the account: not slowed at all.
    expect((await h.call('POST', '/api/session/login', { json: owner, headers: from(OWNER) })).status).toBe(200);
  });

  it('over a whole window, a new address per guess gets a bounded number of guesses checked', async () => {
    const owner = await freshAccount(h);
    let checked = 0;
    let advancedMs = 0;
    for (let i = 0; advancedMs < LOGIN_LIMITS.windowMs - 60_000; i++) {
      const res = await guessFrom(owner, i);
      if (res.status === 401) checked++;
      else {
        expect(res.body.error).toBe('login_slowed');
        const waitMs = Number(res.headers.get('retry-after')) * 1000;
        await h.call('POST', '/api/lab/clock', { json: { advanceMs: waitMs } });
        advancedMs += waitMs;
      }
    }
    // 20 at once, then waits of 1, 2, 4 … seconds, doubling up to the window: about ten more
    // in the rest of it, where 5 per address would have given an unbounded number.
    expect(checked).toBeGreaterThan(LOGIN_LIMITS.accountWideSlowAfter);
    expect(checked).toBeLessThanOrEqual(LOGIN_LIMITS.accountWideSlowAfter + 11);
    await h.call('POST', '/api/lab/clock', { json: { reset: true } });
  }, 60_000);
});
