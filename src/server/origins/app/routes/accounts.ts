import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RegisterAccepted } from '../../../../common/api';
import { assertAcceptablePassword, hashForStorage } from '../../../auth/password-storage';
import type { LabContext } from '../../../core/context';
import { LabError } from '../../../core/errors';
import { Email, Password, errorResponses } from '../../../../common/schemas/common';
import { RegisterAccepted as RegisterAcceptedSchema } from '../../../../common/schemas/lab';

const ACCEPTED: RegisterAccepted = {
  status: 'accepted',
  message: 'If this email can be registered, the account is ready to use. Check the lab inbox.',
};

/** Registration, one encapsulated plugin. */
export const accountRoutes =
  (ctx: LabContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Account answers speak about credentials: never cache them (ASVS 5.0 V14.3.2).
    app.addHook('onSend', (_request, reply, payload, done) => {
      reply.header('cache-control', 'no-store');
      done(null, payload);
    });
    app.post(
      '/api/auth/register',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Create an account (enumeration-safe: always 202 with the same body)',
          body: Type.Object({ email: Email, password: Password }, { additionalProperties: false }),
          response: {
            202: RegisterAcceptedSchema,
            ...errorResponses(400, 409, 413, 415, 429),
          },
        },
      },
      async (request, reply) => {
        const email = request.body.email.trim().toLowerCase();
        const { password } = request.body;

        // The policy runs before any lookup, so its answer says nothing about the email.
        assertAcceptablePassword(ctx, password, email);

        const existing = ctx.users.findByEmail(email);
        if (existing) {
          if (!ctx.toggles.isOn('accounts.uniformRegisterResponse')) {
            throw new LabError(409, 'email_taken', 'An account with this email already exists.');
          }
          // Same answer and the same work as a new account (the hash a new account's
          // password would get, bcrypt or the weak SHA-256), and the owner learns of
          // the attempt by mail instead (OWASP Authentication Cheat Sheet, "account creation" enumeration).
          await hashForStorage(ctx, password);
          ctx.mailer.send({
            to: email,
            subject: 'Someone tried to register with your email',
            text: `Someone tried to create an Auth Lab account with ${email}, which already has one. Nothing was changed. If this was you, sign in or reset your password at ${ctx.origins.app}/#/accounts.`,
          });
          return reply.status(202).send(ACCEPTED);
        }

        const passwordHash = await hashForStorage(ctx, password);
        const created = ctx.users.create({ email, passwordHash, role: 'user', createdAt: ctx.clock.nowMs() });
        if (created) {
          ctx.mailer.send({
            to: email,
            subject: 'Welcome to Auth Lab',
            text: `Your account ${email} is ready. Sign in from any lab at ${ctx.origins.app}/.`,
          });
        }
        return reply.status(202).send(ACCEPTED);
      },
    );
  };
