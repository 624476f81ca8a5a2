import { generateSync } from 'otplib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../../src/server/auth/login-throttle';
import {
  checkPasswordLogin,
  completeMfaLogin,
  MFA_MAX_ATTEMPTS,
  MFA_TICKET_TTL_MS,
} from '../../../src/server/auth/password-login';
import type { LabError } from '../../../src/server/core/errors';
import { startTestLab, type LabHarness } from '../helpers';

async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return (error as LabError).code;
  }
  return 'no error';
}

describe('password login core', () => {
  let h: LabHarness;
  let accounts: Array<{ email: string; password: string; mfa: boolean; totpSecret?: string }>;
  beforeAll(async () => {
    h = await startTestLab();
    accounts = (await h.call('GET', '/api/lab/accounts')).body;
  });
  beforeEach(() => h.call('POST', '/api/lab/reset'));
  afterAll(() => h.close());
  const ctx = () => h.lab.context;
  const plain = () => accounts.find((a) => !a.mfa && a.email.startsWith('user'))!;
  const mfa = () => accounts.find((a) => a.mfa)!;
  const login = (email: string, password: string, ip = '10.0.0.1') =>
    checkPasswordLogin(ctx(), { email, password, ip, purpose: 'session' });

  it('authenticates with the right password, email case-insensitive', async () => {
    const result = await login(plain().email.toUpperCase(), plain().password);
    expect(result.kind).toBe('authenticated');
  });

  it('gives one answer for an unknown email and for a wrong password', async () => {
    expect(await codeOf(login('nobody@example.com', 'whatever it is'))).toBe('invalid_credentials');
    expect(await codeOf(login(plain().email, 'wrong password'))).toBe('invalid_credentials');
  });

  it(`throttles an account from one address after ${LOGIN_LIMITS.perAccount} failures, even with the right password, until the window passes`, async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) await codeOf(login(plain().email, `wrong ${i}`, '10.0.1.1'));
    expect(await codeOf(login(plain().email, plain().password, '10.0.1.1'))).toBe('rate_limited');
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: LOGIN_LIMITS.windowMs } });
    expect((await login(plain().email, plain().password, '10.0.1.1')).kind).toBe('authenticated');
  });

  it("a stranger's failures do not lock the owner out of the owner's own address", async () => {
    for (let i = 0; i < 10; i++) await codeOf(login(plain().email, `wrong ${i}`, '10.0.1.66'));
    expect(await codeOf(login(plain().email, 'still guessing', '10.0.1.66'))).toBe('rate_limited');
    expect((await login(plain().email, plain().password, '10.9.9.9')).kind).toBe('authenticated');
  });

  it('a burst of parallel guesses gets no more tries than the limit (the attempt is counted before bcrypt runs)', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => codeOf(login(plain().email, `parallel guess ${i}`, '10.0.2.1'))),
    );
    expect(results.filter((c) => c === 'invalid_credentials')).toHaveLength(LOGIN_LIMITS.perAccount);
    // The others are turned away while the first ones are still being checked.
    expect(results.filter((c) => c === 'attempts_in_progress')).toHaveLength(20 - LOGIN_LIMITS.perAccount);
    // Once those have failed, the account is locked for this address for the window.
    expect(await codeOf(login(plain().email, 'one more guess', '10.0.2.1'))).toBe('rate_limited');
  });

  it('a burst spread over many addresses gets no more than the account-wide ceiling before it is slowed', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => codeOf(login(plain().email, `parallel guess ${i}`, `10.0.2.${i}`))),
    );
    expect(results.filter((c) => c === 'invalid_credentials')).toHaveLength(LOGIN_LIMITS.accountWideSlowAfter);
    expect(results.filter((c) => c === 'login_slowed')).toHaveLength(40 - LOGIN_LIMITS.accountWideSlowAfter);
  });

  it('says which key is full of attempts in progress: the account from this address, or the address', async () => {
    const messageOf = async (promise: Promise<unknown>) =>
      promise.then(
        () => '',
        (e: LabError) => e.message,
      );
    const perAccount = await Promise.all(
      Array.from({ length: LOGIN_LIMITS.perAccount + 1 }, (_, i) =>
        messageOf(login(plain().email, `g${i}`, '10.0.4.1')),
      ),
    );
    expect(perAccount.at(-1)).toMatch(
      /^Other sign-in attempts for this account from this address are still being checked/,
    );
    const busyIp = '10.0.5.5';
    for (let i = 0; i < LOGIN_LIMITS.perIp - 2; i++)
      await codeOf(login(`ip-spray${i}@example.com`, 'Winter2024!', busyIp));
    const perIp = await Promise.all(
      Array.from({ length: 3 }, (_, i) => messageOf(login(`ip-burst${i}@example.com`, 'Winter2024!', busyIp))),
    );
    expect(perIp.at(-1)).toMatch(/^Other sign-in attempts from this address are still being checked/);
  });

  it('throttles one IP that sprays many accounts', async () => {
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++)
      await codeOf(login(`spray${i}@example.com`, 'Winter2024!', '10.6.6.6'));
    expect(await codeOf(login(plain().email, plain().password, '10.6.6.6'))).toBe('rate_limited');
    expect((await login(plain().email, plain().password, '10.7.7.7')).kind).toBe('authenticated');
  });

  describe('MFA', () => {
    const code = (offsetS = 0) =>
      generateSync({ secret: mfa().totpSecret!, epoch: ctx().clock.epochSeconds() + offsetS });

    it('the password alone yields only a ticket; the right code completes the login once', async () => {
      const first = await login(mfa().email, mfa().password);
      expect(first.kind).toBe('mfa_required');
      const ticket = (first as { mfaTicket: string }).mfaTicket;
      expect((await completeMfaLogin(ctx(), { mfaTicket: ticket, code: code(), purpose: 'session' })).user.email).toBe(
        mfa().email,
      );
      expect(await codeOf(() => completeMfaLogin(ctx(), { mfaTicket: ticket, code: code(), purpose: 'session' }))).toBe(
        'mfa_ticket_invalid',
      );
    });

    it('refuses a code that was already used, even on a new ticket', async () => {
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 90_000 } });
      const used = code();
      const t1 = (await login(mfa().email, mfa().password)) as { mfaTicket: string };
      await completeMfaLogin(ctx(), { mfaTicket: t1.mfaTicket, code: used, purpose: 'session' });
      const t2 = (await login(mfa().email, mfa().password)) as { mfaTicket: string };
      expect(
        await codeOf(() => completeMfaLogin(ctx(), { mfaTicket: t2.mfaTicket, code: used, purpose: 'session' })),
      ).toBe('invalid_code');
    });

    it('says a reused code was already used and to wait for the next one; a wrong code is just wrong', async () => {
      // Past every step the test above spent (the account keeps its last step across resets).
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: 300_000 } });
      const used = code();
      const t1 = (await login(mfa().email, mfa().password)) as { mfaTicket: string };
      await completeMfaLogin(ctx(), { mfaTicket: t1.mfaTicket, code: used, purpose: 'session' });
      const t2 = (await login(mfa().email, mfa().password)) as { mfaTicket: string };
      const refusal = async (code: string) => {
        try {
          await completeMfaLogin(ctx(), { mfaTicket: t2.mfaTicket, code, purpose: 'session' });
        } catch (error) {
          return (error as LabError).toBody();
        }
        throw new Error('the code was accepted');
      };
      expect(await refusal(used)).toMatchObject({
        error: 'invalid_code',
        reason: 'code_already_used',
        message: expect.stringMatching(/already used.*replay.*next code/i),
      });
      const wrong = used === '000000' ? '111111' : '000000';
      expect(await refusal(wrong)).toMatchObject({ error: 'invalid_code', message: 'That code is not right.' });
      expect(await refusal(wrong)).not.toHaveProperty('reason');
    });

    it(`ends the pending login after ${MFA_MAX_ATTEMPTS} wrong codes`, async () => {
      const { mfaTicket } = (await login(mfa().email, mfa().password)) as { mfaTicket: string };
      const wrong = code() === '000000' ? '111111' : '000000';
      for (let i = 1; i < MFA_MAX_ATTEMPTS; i++) {
        expect(await codeOf(() => completeMfaLogin(ctx(), { mfaTicket, code: wrong, purpose: 'session' }))).toBe(
          'invalid_code',
        );
      }
      expect(await codeOf(() => completeMfaLogin(ctx(), { mfaTicket, code: wrong, purpose: 'session' }))).toBe(
        'mfa_ticket_invalid',
      );
      expect(await codeOf(() => completeMfaLogin(ctx(), { mfaTicket, code: code(), purpose: 'session' }))).toBe(
        'mfa_ticket_invalid',
      );
    });

    it(`caps wrong codes per account across fresh tickets (${LOGIN_LIMITS.mfaPerAccount} per window)`, async () => {
      const wrong = code() === '000000' ? '111111' : '000000';
      for (let i = 0; i < LOGIN_LIMITS.mfaPerAccount; i++) {
        const { mfaTicket } = (await login(mfa().email, mfa().password)) as { mfaTicket: string };
        expect(await codeOf(() => completeMfaLogin(ctx(), { mfaTicket, code: wrong, purpose: 'session' }))).toBe(
          'invalid_code',
        );
      }
      const { mfaTicket } = (await login(mfa().email, mfa().password)) as { mfaTicket: string };
      expect(await codeOf(() => completeMfaLogin(ctx(), { mfaTicket, code: code(), purpose: 'session' }))).toBe(
        'rate_limited',
      );
    });

    it('expires the ticket on the lab clock, and refuses it for another purpose', async () => {
      const a = (await login(mfa().email, mfa().password)) as { mfaTicket: string };
      expect(
        await codeOf(() => completeMfaLogin(ctx(), { mfaTicket: a.mfaTicket, code: code(), purpose: 'jwt' })),
      ).toBe('mfa_ticket_invalid');
      const b = (await login(mfa().email, mfa().password)) as { mfaTicket: string };
      await h.call('POST', '/api/lab/clock', { json: { advanceMs: MFA_TICKET_TTL_MS } });
      expect(
        await codeOf(() => completeMfaLogin(ctx(), { mfaTicket: b.mfaTicket, code: code(), purpose: 'session' })),
      ).toBe('mfa_ticket_invalid');
    });
  });
});
