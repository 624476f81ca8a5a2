import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomBytes, randomUUID } from 'node:crypto';
import { hashForStorage } from '../../auth/password-storage';
import { TOTP_DRIFT_STEPS, TOTP_PERIOD_S, newTotpSecret, totpCode, totpStep } from '../../auth/totp';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import { errorResponses, isoTime } from '../../../common/schemas/common';
import { AttackAccount, AttackAccountBody, AuthenticatorBody, AuthenticatorView } from '../../../common/schemas/mfa';
import { base32SecretProblem, explainTotp } from './explain';

/**
 * Lab-only helpers (no login, lab control): the built-in authenticator, so a
 * learner needs no phone. It computes codes for a secret the learner pastes,
 * at the lab clock's time, and shows how the current one is made. And the
 * throwaway accounts the attack runs sign in as.
 */
export const mfaLabRoutes =
  (ctx: LabContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/lab/mfa/authenticator',
      {
        schema: {
          tags: ['lab'],
          summary: 'The built-in authenticator: previous, current and next codes for a base32 secret, on the lab clock',
          body: AuthenticatorBody,
          response: { 200: AuthenticatorView, ...errorResponses(400, 415) },
        },
      },
      async (request) => {
        const secret = request.body.secret.toUpperCase().replace(/\s/g, '');
        // A secret otplib cannot read is the learner's typo, not a server fault: say what is wrong.
        const problem = base32SecretProblem(secret);
        if (problem !== null) throw new LabError(400, 'invalid_request', problem);
        const now = ctx.clock.epochSeconds();
        const driftSeconds = request.body.driftSeconds ?? 0;
        // The phone's code lands in the server's window only if its step is at most one away.
        const stepOffset = totpStep(now + driftSeconds) - totpStep(now);
        return {
          now: isoTime(ctx.clock.nowMs()),
          step: totpStep(now),
          secondsLeft: TOTP_PERIOD_S - (now % TOTP_PERIOD_S),
          period: TOTP_PERIOD_S,
          driftSteps: TOTP_DRIFT_STEPS,
          codes: {
            previous: totpCode(secret, now - TOTP_PERIOD_S),
            current: totpCode(secret, now),
            next: totpCode(secret, now + TOTP_PERIOD_S),
          },
          explanation: explainTotp(secret, now),
          phone: {
            driftSeconds,
            code: totpCode(secret, now + driftSeconds),
            stepOffset,
            inWindow: Math.abs(stepOffset) <= TOTP_DRIFT_STEPS,
          },
        };
      },
    );

    app.post(
      '/api/lab/mfa/attack-account',
      {
        schema: {
          tags: ['lab'],
          summary: 'A throwaway account with MFA on for one attack run; no welcome mail fills the lab inbox',
          body: AttackAccountBody,
          response: { 200: AttackAccount, ...errorResponses(400, 409, 415) },
        },
      },
      async (request) => {
        const email = `${request.body.kind}-${randomBytes(5).toString('hex')}@mfa-lab.test`;
        const password = `${randomUUID()}-pw`;
        const secret = newTotpSecret();
        const passwordHash = await hashForStorage(ctx, password);
        const user = ctx.users.create({
          email,
          passwordHash,
          role: 'user',
          totpSecret: secret,
          mfaEnabled: true,
          createdAt: ctx.clock.nowMs(),
        });
        if (!user) throw new LabError(409, 'email_taken', 'Try again: that throwaway address is taken.');
        return { email, password, secret };
      },
    );
  };
