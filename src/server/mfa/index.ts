import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import QRCode from 'qrcode';
import { LoginThrottle } from '../auth/login-throttle';
import { recoveryCodesOf } from '../auth/recovery-codes';
import { createCallerResolver, type Caller, type VerifyAccessToken } from '../auth/request-user';
import { acceptTotpCode } from '../auth/second-factor';
import { newTotpSecret, otpauthUrl } from '../auth/totp';
import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';
import type { UserRow } from '../db/users';
import { errorResponses, passwordSchema } from '../origins/app/schemas';
import { mfaLabToolRoutes } from './lab-tools';
import { MfaRepository } from './repositories';

/** A sensitive action needs an authentication this recent, on the lab clock (SECURITY.md, MFA: step-up). */
export const STEP_UP_WINDOW_MS = 5 * 60_000;
/** A setup that was never confirmed is forgotten after this long. */
export const ENROLLMENT_TTL_MS = 30 * 60_000;
const SWEEP_EVERY_MS = 60_000;

const codeSchema = { type: 'string', minLength: 1, maxLength: 64 } as const;
const recoveryCodesResponse = {
  type: 'object',
  required: ['recoveryCodes'],
  properties: { recoveryCodes: { type: 'array', items: { type: 'string' } } },
} as const;

const wrongCode = () => new LabError(401, 'invalid_code', 'That code is not right.');
const notEnabled = () => new LabError(409, 'mfa_not_enabled', 'Turn MFA on first.');

export interface MfaLab {
  /** The lab's name; its lab-only helper routes live under /api/lab/mfa/. */
  name: 'mfa';
  repository: MfaRepository;
  /** Every route the lab adds to the app origin, as one encapsulated plugin. */
  routes: FastifyPluginAsync;
}

/**
 * The MFA lab: TOTP enrollment, recovery codes, turning MFA off, step-up and
 * the demo bank transfer. Every route accepts the session cookie (with its
 * CSRF token) or a bearer access token, so both login labs can use it.
 */
export function createMfaLab(ctx: LabContext, deps: { verifyAccessToken: VerifyAccessToken }): MfaLab {
  const repository = new MfaRepository(ctx);
  const recoveryCodes = recoveryCodesOf(ctx);
  const callers = createCallerResolver(ctx, deps.verifyAccessToken);
  ctx.resetHandlers.push(() => repository.clear());

  /** When this caller last proved who they are: the later of sign-in and step-up. */
  const lastAuthenticatedAt = (caller: Caller) => {
    const stepUp = repository.lastStepUp(caller.subject, caller.user.id);
    const times = [caller.signedInAt, stepUp].filter((t): t is number => t !== null);
    return times.length ? Math.max(...times) : null;
  };

  /** Wrong codes count against the account's MFA failure budget, as at login (ASVS 5.0 V6.3.1). */
  const checkCode = async (user: UserRow, code: string, options: { allowRecovery: boolean }) => {
    const throttle = new LoginThrottle(ctx);
    const limited = ctx.toggles.isOn('mfa.attemptLimit');
    if (limited) throttle.assertMfaAllowed(user.id);
    const ok =
      acceptTotpCode(ctx, user, code) !== null ||
      (options.allowRecovery && (await recoveryCodes.consume(user.id, code)));
    if (!ok) {
      if (limited) throttle.recordMfaFailure(user.id);
      throw wrongCode();
    }
  };

  /** The password again, throttled like a login (ASVS 5.0 V6.3.1). */
  const checkPassword = async (user: UserRow, password: string, ip: string) => {
    const throttle = new LoginThrottle(ctx);
    throttle.reserveAttempt(user.email, ip);
    if (!(await ctx.hasher.verify(password, user.passwordHash))) {
      throw new LabError(401, 'invalid_credentials', 'The password is wrong.');
    }
    throttle.recordSuccess(user.email, ip);
  };

  const routes: FastifyPluginAsync = async (app: FastifyInstance) => {
    repository.sweep(STEP_UP_WINDOW_MS, ENROLLMENT_TTL_MS);
    const sweeper = setInterval(() => repository.sweep(STEP_UP_WINDOW_MS, ENROLLMENT_TTL_MS), SWEEP_EVERY_MS);
    sweeper.unref();
    app.addHook('onClose', async () => clearInterval(sweeper));

    await app.register(mfaLabToolRoutes, { ctx });

    await app.register(async (scope) => {
      // Answers here carry secrets and recovery codes: no cache may keep them (ASVS 5.0 V14.3.2).
      scope.addHook('onSend', async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      });
      // Every route in this scope needs a login: session cookie (+ CSRF token) or bearer token.
      scope.decorateRequest('caller', null);
      // Checked before the body is even parsed: an anonymous caller learns nothing about the route's input.
      scope.addHook('onRequest', async (request) => {
        request.caller = await callers.resolveCaller(request);
      });
      registerRoutes(scope);
    });
  };

  const callerOf = (request: { caller: Caller | null }) => request.caller!;

  function registerRoutes(app: FastifyInstance): void {
    app.get(
      '/api/mfa/status',
      {
        schema: {
          tags: ['mfa'],
          summary: 'Whether MFA is on for the caller, recovery codes left, and the last authentication time',
          response: {
            200: {
              type: 'object',
              required: ['email', 'enabled', 'pendingSetup', 'recoveryCodesLeft', 'via', 'authenticatedAt'],
              properties: {
                email: { type: 'string' },
                enabled: { type: 'boolean' },
                pendingSetup: { type: 'boolean' },
                recoveryCodesLeft: { type: 'integer' },
                via: { type: 'string', enum: ['session', 'bearer'] },
                authenticatedAt: { type: ['string', 'null'] },
                stepUpValidUntil: { type: ['string', 'null'] },
                otherSessions: { type: 'integer' },
              },
            },
            ...errorResponses(401),
          },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const at = lastAuthenticatedAt(caller);
        return {
          email: caller.user.email,
          enabled: caller.user.mfaEnabled,
          pendingSetup: !caller.user.mfaEnabled && repository.pendingSecret(caller.user.id) !== undefined,
          recoveryCodesLeft: caller.user.mfaEnabled ? recoveryCodes.remaining(caller.user.id) : 0,
          via: caller.via,
          authenticatedAt: at === null ? null : new Date(at).toISOString(),
          stepUpValidUntil: at === null ? null : new Date(at + STEP_UP_WINDOW_MS).toISOString(),
          otherSessions: callers.otherSessions(caller).length,
        };
      },
    );

    app.post(
      '/api/mfa/setup',
      {
        schema: {
          tags: ['mfa'],
          summary: 'Start TOTP enrollment: a new secret, its otpauth:// URL and a QR code. Nothing is enabled yet.',
          body: { type: 'object', additionalProperties: false },
          response: {
            200: {
              type: 'object',
              required: ['secret', 'otpauthUrl', 'qrDataUrl'],
              properties: { secret: { type: 'string' }, otpauthUrl: { type: 'string' }, qrDataUrl: { type: 'string' } },
            },
            ...errorResponses(400, 401, 403, 409, 415),
          },
        },
      },
      async (request) => {
        const { user } = callerOf(request);
        // Once MFA is on, the secret is never handed out again (SECURITY.md, MFA): disable first.
        if (user.mfaEnabled) throw new LabError(409, 'mfa_already_enabled', 'MFA is already on. Turn it off first.');
        // 160 random bits (RFC 4226 §4 R6), held aside until a code proves the app has it.
        const secret = newTotpSecret();
        repository.putPendingSecret(user.id, secret);
        const url = otpauthUrl(user.email, secret);
        const qrDataUrl = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
        return { secret, otpauthUrl: url, qrDataUrl };
      },
    );

    app.post<{ Body: { code: string } }>(
      '/api/mfa/verify',
      {
        schema: {
          tags: ['mfa'],
          summary: 'Confirm enrollment with a code from the app: turns MFA on and returns 10 recovery codes, once',
          body: {
            type: 'object',
            required: ['code'],
            properties: { code: codeSchema },
            additionalProperties: false,
          },
          response: { 200: recoveryCodesResponse, ...errorResponses(400, 401, 403, 409, 415, 429) },
        },
      },
      async (request) => {
        const { user } = callerOf(request);
        if (user.mfaEnabled) throw new LabError(409, 'mfa_already_enabled', 'MFA is already on.');
        const pending = repository.pendingSecret(user.id);
        if (!pending) throw new LabError(409, 'mfa_setup_required', 'Start with POST /api/mfa/setup.');
        const throttle = new LoginThrottle(ctx);
        const limited = ctx.toggles.isOn('mfa.attemptLimit');
        if (limited) throttle.assertMfaAllowed(user.id);
        // MFA turns on only after the app proved it holds the secret (SECURITY.md, MFA).
        const step = acceptTotpCode(ctx, user, request.body.code, pending.secret);
        if (step === null) {
          if (limited) throttle.recordMfaFailure(user.id);
          throw wrongCode();
        }
        const codes = await recoveryCodes.replace(user.id);
        repository.enable(user.id, pending.secret, step);
        return { recoveryCodes: codes };
      },
    );

    app.post<{ Body: { code: string } }>(
      '/api/mfa/recovery-codes',
      {
        schema: {
          tags: ['mfa'],
          summary: 'A new set of 10 recovery codes (needs a current TOTP code); the old set stops working',
          body: {
            type: 'object',
            required: ['code'],
            properties: { code: codeSchema },
            additionalProperties: false,
          },
          response: { 200: recoveryCodesResponse, ...errorResponses(400, 401, 403, 409, 415, 429) },
        },
      },
      async (request) => {
        const { user } = callerOf(request);
        if (!user.mfaEnabled) throw notEnabled();
        await checkCode(user, request.body.code, { allowRecovery: false });
        return { recoveryCodes: await recoveryCodes.replace(user.id) };
      },
    );

    app.post<{ Body: { password: string; code: string } }>(
      '/api/mfa/disable',
      {
        schema: {
          tags: ['mfa'],
          summary: 'Turn MFA off: needs the password and a current code (or a recovery code)',
          body: {
            type: 'object',
            required: ['password', 'code'],
            properties: { password: passwordSchema, code: codeSchema },
            additionalProperties: false,
          },
          response: {
            200: { type: 'object', required: ['enabled'], properties: { enabled: { type: 'boolean' } } },
            ...errorResponses(400, 401, 403, 409, 415, 429),
          },
        },
      },
      async (request) => {
        const { user } = callerOf(request);
        if (!user.mfaEnabled) throw notEnabled();
        // Both factors: a stolen session alone, or a shoulder-surfed code alone, cannot strip MFA (ASVS 5.0 V7.5.1).
        await checkPassword(user, request.body.password, request.ip);
        await checkCode(user, request.body.code, { allowRecovery: true });
        recoveryCodes.deleteFor(user.id);
        repository.disable(user.id);
        return { enabled: false };
      },
    );

    app.post(
      '/api/mfa/end-other-sessions',
      {
        schema: {
          tags: ['mfa'],
          summary: 'After an MFA change: end every other session of this account (this one stays)',
          body: { type: 'object', additionalProperties: false },
          response: {
            200: { type: 'object', required: ['ended'], properties: { ended: { type: 'integer' } } },
            ...errorResponses(400, 401, 403, 415),
          },
        },
      },
      async (request) => ({ ended: callers.endOtherSessions(callerOf(request)) }),
    );

    app.post<{ Body: { password?: string; code?: string } }>(
      '/api/auth/step-up',
      {
        schema: {
          tags: ['mfa'],
          summary:
            'Prove it is you again (password or TOTP code): marks this session or token as recently authenticated',
          body: {
            type: 'object',
            properties: { password: passwordSchema, code: codeSchema },
            additionalProperties: false,
            minProperties: 1,
            maxProperties: 1,
          },
          response: {
            200: {
              type: 'object',
              required: ['authenticatedAt', 'validUntil'],
              properties: { authenticatedAt: { type: 'string' }, validUntil: { type: 'string' } },
            },
            ...errorResponses(400, 401, 403, 409, 415, 429),
          },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const { password, code } = request.body;
        if (password !== undefined) await checkPassword(caller.user, password, request.ip);
        else if (!caller.user.mfaEnabled) throw notEnabled();
        else await checkCode(caller.user, code!, { allowRecovery: false });
        const at = repository.markStepUp(caller.subject, caller.user.id);
        return {
          authenticatedAt: new Date(at).toISOString(),
          validUntil: new Date(at + STEP_UP_WINDOW_MS).toISOString(),
        };
      },
    );

    app.post<{ Body: { to: string; amount: number } }>(
      '/api/bank/transfer',
      {
        schema: {
          tags: ['mfa'],
          summary: 'Demo sensitive action: 401 step_up_required unless you authenticated in the last 5 minutes',
          body: {
            type: 'object',
            required: ['to', 'amount'],
            properties: {
              to: { type: 'string', minLength: 1, maxLength: 64 },
              amount: { type: 'number', exclusiveMinimum: 0, maximum: 1_000_000 },
            },
            additionalProperties: false,
          },
          response: {
            200: {
              type: 'object',
              required: ['status', 'to', 'amount', 'at'],
              properties: {
                status: { type: 'string' },
                to: { type: 'string' },
                amount: { type: 'number' },
                at: { type: 'string' },
              },
            },
            ...errorResponses(400, 401, 403, 415),
          },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const last = lastAuthenticatedAt(caller);
        // Step-up: an old login is not enough for moving money; prove it again (ASVS 5.0 V7.5.3).
        if (ctx.toggles.isOn('mfa.stepUp') && (last === null || ctx.clock.nowMs() - last > STEP_UP_WINDOW_MS)) {
          throw new LabError(401, 'step_up_required', 'Confirm it is you (password or code) before sending money.', {
            stepUpUrl: '/api/auth/step-up',
          });
        }
        return { status: 'sent', to: request.body.to, amount: request.body.amount, at: ctx.clock.now().toISOString() };
      },
    );
  }

  return { name: 'mfa', repository, routes };
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}
