import type { FastifyPluginAsync } from 'fastify';
import { TOTP_DRIFT_STEPS, TOTP_PERIOD_S, totpCode, totpStep } from '../auth/totp';
import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';
import { errorResponses } from '../origins/app/schemas';
import { BASE32_SECRET, explainTotp } from './explain';

const explanationSchema = {
  type: 'object',
  properties: {
    epochSeconds: { type: 'integer' },
    period: { type: 'integer' },
    counter: { type: 'integer' },
    counterHex: { type: 'string' },
    keyHex: { type: 'string' },
    hmacHex: { type: 'string' },
    offset: { type: 'integer' },
    sliceHex: { type: 'string' },
    truncated: { type: 'integer' },
    modulus: { type: 'integer' },
    code: { type: 'string' },
  },
} as const;

/**
 * Lab-only helpers (no login, lab control): the built-in authenticator, so a
 * learner needs no phone. It computes codes for a secret the learner pastes,
 * at the lab clock's time, and shows how the current one is made.
 */
export const mfaLabToolRoutes: FastifyPluginAsync<{ ctx: LabContext }> = async (app, { ctx }) => {
  app.post<{ Body: { secret: string; driftSeconds?: number } }>(
    '/api/lab/mfa/authenticator',
    {
      schema: {
        tags: ['lab'],
        summary: 'The built-in authenticator: previous, current and next codes for a base32 secret, on the lab clock',
        body: {
          type: 'object',
          required: ['secret'],
          properties: {
            secret: { type: 'string', minLength: 16, maxLength: 160 },
            // How far the (imaginary) phone's clock is off from the server's, to show drift.
            driftSeconds: { type: 'integer', minimum: -600, maximum: 600 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            required: ['now', 'step', 'secondsLeft', 'period', 'driftSteps', 'codes', 'explanation'],
            properties: {
              now: { type: 'string' },
              step: { type: 'integer' },
              secondsLeft: { type: 'integer' },
              period: { type: 'integer' },
              driftSteps: { type: 'integer' },
              codes: {
                type: 'object',
                required: ['previous', 'current', 'next'],
                properties: { previous: { type: 'string' }, current: { type: 'string' }, next: { type: 'string' } },
              },
              explanation: explanationSchema,
              phone: {
                type: 'object',
                required: ['driftSeconds', 'code', 'stepOffset', 'inWindow'],
                properties: {
                  driftSeconds: { type: 'integer' },
                  code: { type: 'string' },
                  stepOffset: { type: 'integer' },
                  inWindow: { type: 'boolean' },
                },
              },
            },
          },
          ...errorResponses(400, 415),
        },
      },
    },
    async (request) => {
      const secret = request.body.secret.toUpperCase().replace(/\s/g, '');
      if (!BASE32_SECRET.test(secret)) {
        throw new LabError(
          400,
          'invalid_request',
          'The secret must be base32: letters A-Z and digits 2-7, at least 16 of them.',
        );
      }
      const now = ctx.clock.epochSeconds();
      const driftSeconds = request.body.driftSeconds ?? 0;
      // The phone's code lands in the server's window only if its step is at most one away.
      const stepOffset = totpStep(now + driftSeconds) - totpStep(now);
      return {
        now: ctx.clock.now().toISOString(),
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
};
