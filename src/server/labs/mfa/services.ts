import { LoginThrottle } from '../../auth/login-throttle';
import { recoveryCodesOf, type RecoveryCodes } from '../../auth/recovery-codes';
import { createCallerResolver, type Caller } from '../../auth/request-user';
import { acceptTotpCode } from '../../auth/second-factor';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import type { UserRow } from '../../db/users';
import { MfaRepository } from './repositories';

/** A sensitive action needs an authentication this recent, on the lab clock (SECURITY.md, MFA: step-up). */
export const STEP_UP_WINDOW_MS = 5 * 60_000;
/** A setup that was never confirmed is forgotten after this long. */
export const ENROLLMENT_TTL_MS = 30 * 60_000;

/** What the MFA lab needs from the login labs: checking their bearer tokens and session ids. */
export type MfaDependencies = Parameters<typeof createCallerResolver>[1];

export interface MfaServices {
  repository: MfaRepository;
  recoveryCodes: RecoveryCodes;
  callers: ReturnType<typeof createCallerResolver>;
  /** When this caller last proved who they are: the later of sign-in and step-up. */
  lastAuthenticatedAt: (caller: Caller) => number | null;
  /** A current TOTP code (or, if allowed, a recovery code) of this user; throws 401 invalid_code. */
  checkCode: (user: UserRow, code: string, options: { allowRecovery: boolean }) => Promise<void>;
  /** The user's password again; throws 401 invalid_credentials. */
  checkPassword: (user: UserRow, password: string, ip: string) => Promise<void>;
  /** Throws 401 step_up_required unless the caller proved who they are within the step-up window. */
  assertRecentlyAuthenticated: (caller: Caller, action: string) => void;
}

export function createMfaServices(ctx: LabContext, deps: MfaDependencies): MfaServices {
  const repository = new MfaRepository(ctx);
  const recoveryCodes = recoveryCodesOf(ctx);
  const lastAuthenticatedAt = (caller: Caller) => {
    const stepUp = repository.lastStepUp(caller.subject, caller.user.id);
    // A proof stamped after "now" (made while the lab clock was ahead, then set back) proves nothing now.
    const now = ctx.clock.nowMs();
    const times = [caller.signedInAt, stepUp].filter((t): t is number => t !== null && t <= now);
    return times.length ? Math.max(...times) : null;
  };
  return {
    repository,
    recoveryCodes,
    callers: createCallerResolver(ctx, deps),
    lastAuthenticatedAt,
    // Step-up: an old login (or a stolen session or token) is not enough for a sensitive action;
    // prove it again (ASVS 5.0 V7.5.3, and V7.5.1 before an MFA change).
    assertRecentlyAuthenticated: (caller, action) => {
      const last = lastAuthenticatedAt(caller);
      if (ctx.toggles.isOn('mfa.stepUp') && (last === null || ctx.clock.nowMs() - last > STEP_UP_WINDOW_MS)) {
        throw new LabError(401, 'step_up_required', `Confirm it is you (password or code) before ${action}.`, {
          stepUpUrl: '/api/auth/step-up',
        });
      }
    },
    // Wrong codes count against the account's MFA failure budget, reserved before the
    // check (a recovery code costs a bcrypt compare), as at login (ASVS 5.0 V6.3.1).
    checkCode: async (user, code, options) => {
      const check = async () =>
        acceptTotpCode(ctx, user, code) !== null ||
        (options.allowRecovery && (await recoveryCodes.consume(user.id, code))) ||
        null;
      const ok = ctx.toggles.isOn('mfa.attemptLimit')
        ? await new LoginThrottle(ctx).mfaAttempt(user.id, check)
        : await check();
      if (!ok) throw new LabError(401, 'invalid_code', 'That code is not right.');
    },
    // The password again, throttled like a login (ASVS 5.0 V6.3.1).
    checkPassword: async (user, password, ip) => {
      const throttle = new LoginThrottle(ctx);
      if (!(await throttle.attempt(user.email, ip, () => ctx.hasher.verify(password, user.passwordHash)))) {
        throw new LabError(401, 'invalid_credentials', 'The password is wrong.');
      }
    },
  };
}
