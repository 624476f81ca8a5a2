import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOGIN_LIMITS } from '../../../src/server/auth/login-throttle';
import { MFA_MAX_ATTEMPTS } from '../../../src/server/auth/password-login';
import { recoveryCodesOf } from '../../../src/server/auth/recovery-codes';
import { useTestLab, withTogglesOff } from '../helpers';
import { enroll, freshUser, passwordStep, post, type MfaUser } from '../helpers/mfa';

const h = useTestLab();

afterEach(() => {
  vi.restoreAllMocks();
});

/** Shaped like a recovery code, so each one reaches the bcrypt compare. */
const wrongRecoveryCode = (i: number) => `zzzz-${String(i).padStart(5, '0')}-zzzzz`;

const statusesOf = (responses: Array<{ status: number }>) =>
  responses.reduce<Record<number, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});

async function guessInParallel(user: MfaUser, ticket: string, count: number) {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      h.call('POST', '/api/session/login/mfa', { json: { mfaTicket: ticket, code: wrongRecoveryCode(i) } }),
    ),
  );
}

describe('parallel guesses on one MFA ticket (the attempt is reserved before the check)', () => {
  it('30 at once: at most the ticket budget is checked, the rest get 429, and a right code as the 31st is refused', async () => {
    const user = await enroll(h, await freshUser(h));
    const ticket = await passwordStep(h, user);
    const verify = vi.spyOn(h.lab.context.hasher, 'verify');
    const answers = await guessInParallel(user, ticket, 30);
    const statuses = statusesOf(answers);
    expect(statuses[401]).toBeLessThanOrEqual(MFA_MAX_ATTEMPTS);
    expect(statuses[429]).toBeGreaterThanOrEqual(30 - MFA_MAX_ATTEMPTS);
    expect(statuses[401]! + statuses[429]!).toBe(30);
    expect(answers.find((a) => a.status === 429)!.body.error).toBe('attempts_in_progress');
    // One bcrypt compare per guess that was checked, none for the refused ones.
    expect(verify.mock.calls.length).toBeLessThanOrEqual(MFA_MAX_ATTEMPTS);

    const right = await h.call('POST', '/api/session/login/mfa', {
      json: { mfaTicket: ticket, code: user.recoveryCodes![0] },
    });
    expect(right.status).toBe(401);
    expect(right.body.error).toBe('mfa_ticket_invalid');
    // The code was not spent: it still works on a fresh sign-in.
    const status = await h.call('GET', '/api/mfa/status', { headers: user.headers });
    expect(status.body.recoveryCodesLeft).toBe(10);
  });

  it('with mfa.attemptLimit off (the attack): every guess is checked and a right code as the 31st still signs in', async () => {
    await withTogglesOff(h, ['mfa.attemptLimit'], async () => {
      const user = await enroll(h, await freshUser(h));
      const ticket = await passwordStep(h, user);
      const answers = await guessInParallel(user, ticket, 30);
      expect(statusesOf(answers)).toEqual({ 401: 30 });
      const right = await h.call('POST', '/api/session/login/mfa', {
        json: { mfaTicket: ticket, code: user.recoveryCodes![0] },
      });
      expect(right.status).toBe(200);
    });
  });

  it('turning MFA off with a recovery code: 30 at once check at most the account budget, the rest get 429', async () => {
    // The password limit off, so only the code's own budget stands between the guesses and bcrypt.
    await withTogglesOff(h, ['ratelimit.login'], async () => {
      const user = await enroll(h, await freshUser(h));
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          post(h, user, '/api/mfa/disable', { password: user.password, code: wrongRecoveryCode(i) }),
        ),
      );
      const statuses = statusesOf(answers);
      expect(statuses[401]).toBeLessThanOrEqual(LOGIN_LIMITS.mfaPerAccount);
      expect(statuses[429]).toBeGreaterThanOrEqual(30 - LOGIN_LIMITS.mfaPerAccount);
    });
  });
});

describe('a recovery code is checked with one bcrypt compare (its lookup id names the row)', () => {
  it('one compare for the right code, one for a wrong one, and the right one is spent once', async () => {
    const user = await enroll(h, await freshUser(h));
    const userId = h.lab.context.users.findByEmail(user.email)!.id;
    const codes = recoveryCodesOf(h.lab.context);
    const verify = vi.spyOn(h.lab.context.hasher, 'verify');
    expect(await codes.consume(userId, user.recoveryCodes![3]!)).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(await codes.consume(userId, wrongRecoveryCode(1))).toBe(false);
    expect(verify).toHaveBeenCalledTimes(2);
    // Upper case and spaces are read the same; a spent code stays spent.
    expect(await codes.consume(userId, user.recoveryCodes![3]!.toUpperCase().replace(/-/g, ' '))).toBe(false);
    expect(await codes.consume(userId, user.recoveryCodes![4]!.toUpperCase().replace(/-/g, ' '))).toBe(true);
    expect(verify).toHaveBeenCalledTimes(4);
  });

  it('a set made before lookup ids (a row without one) still works, once', async () => {
    const user = await enroll(h, await freshUser(h));
    const ctx = h.lab.context;
    const userId = ctx.users.findByEmail(user.email)!.id;
    const legacy = 'abcde-fghjk';
    ctx.db
      .prepare('INSERT INTO mfa_recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)')
      .run(userId, await ctx.hasher.hash('abcdefghjk'), ctx.clock.nowMs());
    const codes = recoveryCodesOf(ctx);
    expect(await codes.consume(userId, legacy)).toBe(true);
    expect(await codes.consume(userId, legacy)).toBe(false);
    // The new codes of the same user are untouched by it.
    expect(await codes.consume(userId, user.recoveryCodes![0]!)).toBe(true);
  });
});
