import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import QRCode from 'qrcode';
import { LoginThrottle } from '../../auth/login-throttle';
import type { Caller } from '../../auth/request-user';
import { acceptTotpCode } from '../../auth/second-factor';
import { newTotpSecret, otpauthUrl } from '../../auth/totp';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import { EmptyBody, errorResponses, isoTime, isoTimeOrNull } from '../../../common/schemas/common';
import {
  EndOtherSessionsResponse,
  MfaCodeBody,
  MfaDisableBody,
  MfaDisableResponse,
  MfaSetup,
  MfaStatus,
  RecoveryCodesResponse,
  StepUpBody,
  StepUpResponse,
  TransferBody,
  TransferResponse,
} from '../../../common/schemas/mfa';
import { STEP_UP_WINDOW_MS, type MfaServices } from './services';

const wrongCode = () => new LabError(401, 'invalid_code', 'That code is not right.');
const notEnabled = () => new LabError(409, 'mfa_not_enabled', 'Turn MFA on first.');
const callerOf = (request: { caller: Caller | null }) => request.caller!;

/**
 * The MFA routes, behind the lab's scope guard (every one needs a login). They
 * accept the session cookie (with its CSRF token) or a bearer access token, so
 * both login labs can use them (API.md, "MFA and step-up").
 */
export const mfaRoutes =
  (ctx: LabContext, lab: MfaServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { repository, recoveryCodes, callers, lastAuthenticatedAt } = lab;
    // Answers here carry secrets and recovery codes: no cache may keep them (ASVS 5.0 V14.3.2).
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    // Every route in this scope needs a login: session cookie (+ CSRF token) or bearer token,
    // checked before the body is even parsed, so an anonymous caller learns nothing of the input.
    app.decorateRequest('caller', null);
    app.addHook('onRequest', async (request) => {
      request.caller = await callers.resolveCaller(request);
    });

    app.get(
      '/api/mfa/status',
      {
        schema: {
          tags: ['mfa'],
          summary: 'Whether MFA is on for the caller, recovery codes left, and the last authentication time',
          response: { 200: MfaStatus, ...errorResponses(401) },
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
          authenticatedAt: isoTimeOrNull(at),
          stepUpValidUntil: isoTimeOrNull(at === null ? null : at + STEP_UP_WINDOW_MS),
          otherSessions: callers.otherSessions(caller).length,
        };
      },
    );

    app.post(
      '/api/mfa/end-other-sessions',
      {
        schema: {
          tags: ['mfa'],
          summary: 'After an MFA change: end every other session of this account (this one stays)',
          body: EmptyBody,
          response: { 200: EndOtherSessionsResponse, ...errorResponses(400, 401, 403, 415) },
        },
      },
      async (request) => ({ ended: callers.endOtherSessions(callerOf(request)) }),
    );

    await app.register(mfaEnrollmentRoutes(ctx, lab));
    await app.register(mfaStepUpRoutes(ctx, lab));
  };

/** Turning MFA on (setup, then a code proves the app), new recovery codes, and turning it off. */
const mfaEnrollmentRoutes =
  (ctx: LabContext, lab: MfaServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { repository, recoveryCodes, checkCode, checkPassword } = lab;

    app.post(
      '/api/mfa/setup',
      {
        schema: {
          tags: ['mfa'],
          summary: 'Start TOTP enrollment: a new secret, its otpauth:// URL and a QR code. Nothing is enabled yet.',
          body: EmptyBody,
          response: { 200: MfaSetup, ...errorResponses(400, 401, 403, 409, 415) },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const { user } = caller;
        // Once MFA is on, the secret is never handed out again (SECURITY.md, MFA): disable first.
        if (user.mfaEnabled) throw new LabError(409, 'mfa_already_enabled', 'MFA is already on. Turn it off first.');
        // A stolen session must not add its own authenticator and lock the owner out (ASVS 5.0 V7.5.1).
        lab.assertRecentlyAuthenticated(caller, 'adding an authenticator');
        // 160 random bits (RFC 4226 §4 R6), held aside until a code proves the app has it.
        const secret = newTotpSecret();
        repository.putPendingSecret(user.id, secret);
        const url = otpauthUrl(user.email, secret);
        const qrDataUrl = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
        return { secret, otpauthUrl: url, qrDataUrl };
      },
    );

    app.post(
      '/api/mfa/verify',
      {
        schema: {
          tags: ['mfa'],
          summary: 'Confirm enrollment with a code from the app: turns MFA on and returns 10 recovery codes, once',
          body: MfaCodeBody,
          response: { 200: RecoveryCodesResponse, ...errorResponses(400, 401, 403, 409, 415, 429) },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const { user } = caller;
        if (user.mfaEnabled) throw new LabError(409, 'mfa_already_enabled', 'MFA is already on.');
        lab.assertRecentlyAuthenticated(caller, 'adding an authenticator');
        const pending = repository.pendingSecret(user.id);
        if (!pending) throw new LabError(409, 'mfa_setup_required', 'Start with POST /api/mfa/setup.');
        const throttle = new LoginThrottle(ctx);
        const limited = ctx.toggles.isOn('mfa.attemptLimit');
        if (limited) throttle.assertMfaAllowed(user.id);
        // MFA turns on only after the app proved it holds the secret (SECURITY.md, MFA).
        if (acceptTotpCode(ctx, user, request.body.code, pending.secret) === null) {
          if (limited) throttle.recordMfaFailure(user.id);
          throw wrongCode();
        }
        const codes = await recoveryCodes.replace(user.id);
        repository.enable(user.id, pending.secret);
        return { recoveryCodes: codes };
      },
    );

    app.post(
      '/api/mfa/recovery-codes',
      {
        schema: {
          tags: ['mfa'],
          summary: 'A new set of 10 recovery codes (needs a current TOTP code); the old set stops working',
          body: MfaCodeBody,
          response: { 200: RecoveryCodesResponse, ...errorResponses(400, 401, 403, 409, 415, 429) },
        },
      },
      async (request) => {
        const { user } = callerOf(request);
        if (!user.mfaEnabled) throw notEnabled();
        await checkCode(user, request.body.code, { allowRecovery: false });
        return { recoveryCodes: await recoveryCodes.replace(user.id) };
      },
    );

    app.post(
      '/api/mfa/disable',
      {
        schema: {
          tags: ['mfa'],
          summary: 'Turn MFA off: needs the password and a current code (or a recovery code)',
          body: MfaDisableBody,
          response: { 200: MfaDisableResponse, ...errorResponses(400, 401, 403, 409, 415, 429) },
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
  };

/** Step-up (prove it is you again) and the demo sensitive action that asks for it. */
const mfaStepUpRoutes =
  (ctx: LabContext, lab: MfaServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { repository, checkCode, checkPassword } = lab;

    app.post(
      '/api/auth/step-up',
      {
        schema: {
          tags: ['mfa'],
          summary:
            'Prove it is you again (password or TOTP code): marks this session or token as recently authenticated',
          body: StepUpBody,
          response: { 200: StepUpResponse, ...errorResponses(400, 401, 403, 409, 415, 429) },
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

    app.post(
      '/api/bank/transfer',
      {
        schema: {
          tags: ['mfa'],
          summary: 'Demo sensitive action: 401 step_up_required unless you authenticated in the last 5 minutes',
          body: TransferBody,
          response: { 200: TransferResponse, ...errorResponses(400, 401, 403, 415) },
        },
      },
      async (request) => {
        lab.assertRecentlyAuthenticated(callerOf(request), 'sending money');
        return { status: 'sent', to: request.body.to, amount: request.body.amount, at: isoTime(ctx.clock.nowMs()) };
      },
    );
  };
