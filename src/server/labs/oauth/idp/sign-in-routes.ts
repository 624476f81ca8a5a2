import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { completeMfaLogin, checkPasswordLogin } from '../../../auth/password-login';
import { LabError, rateLimitHeaders } from '../../../core/errors';
import { single } from '../checks/check';
import { mfaPage, signInPage } from '../pages';
import type { Interaction } from '../repositories';
import type { OAuthServices } from '../services';
import { sendPage, type FrontChannel } from './front-channel';
import { params } from '../schemas';

// The forms' bodies are read by their checks (CSRF, lengths), so a malformed one gets a page, not a JSON 400.
const LoginBody = params('interaction', 'csrf', 'email', 'password');
const MfaBody = params('interaction', 'csrf', 'ticket', 'code');

/** Lab ID's sign-in: the password form and its second step. */
export const signInRoutes =
  (lab: OAuthServices, channel: FrontChannel): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { ctx } = lab;

    /** Where a browser goes after signing in: the consent step, or the device page. */
    function afterSignIn(reply: FastifyReply, id: string, interaction: Interaction) {
      if (interaction.kind === 'device') {
        lab.interactions.delete(id);
        const query = interaction.userCode ? `?user_code=${encodeURIComponent(interaction.userCode)}` : '';
        return reply.redirect(`/device${query}`, 303);
      }
      // 303 after a credential POST, so a reload never resends the password (RFC 9700 §4.11).
      return reply.redirect(`/consent?interaction=${encodeURIComponent(id)}`, 303);
    }

    app.post('/login', { schema: { body: LoginBody }, attachValidation: true }, async (request, reply) => {
      const body = request.body ?? {};
      const found = channel.postedInteraction(request, reply, body);
      if (!found) return reply;
      const email = single(body.email) ?? '';
      const password = single(body.password) ?? '';
      const again = (status: number, error: string) =>
        sendPage(
          reply,
          status,
          signInPage({
            interaction: found.id,
            csrf: found.csrf,
            clientName: channel.clientName(found.interaction.clientId),
            error,
          }),
        );
      if (!email || !password || email.length > 320 || password.length > 1024)
        return again(400, 'Enter your email and password.');
      try {
        const result = await checkPasswordLogin(ctx, { email, password, ip: request.ip, purpose: 'oauth' });
        if (result.kind === 'mfa_required')
          return sendPage(reply, 200, mfaPage({ interaction: found.id, csrf: found.csrf, ticket: result.mfaTicket }));
        channel.startSession(request, reply, result.user.id, ['pwd']);
        return afterSignIn(reply, found.id, found.interaction);
      } catch (error) {
        if (!(error instanceof LabError)) throw error;
        // The page says how long to wait (in the message); the headers say it to machines.
        if (error.statusCode === 429) reply.headers(rateLimitHeaders(error));
        return again(error.statusCode, error.message);
      }
    });

    app.post('/login/mfa', { schema: { body: MfaBody }, attachValidation: true }, async (request, reply) => {
      const body = request.body ?? {};
      const found = channel.postedInteraction(request, reply, body);
      if (!found) return reply;
      const ticket = single(body.ticket) ?? '';
      try {
        const { user } = await completeMfaLogin(ctx, {
          mfaTicket: ticket,
          code: single(body.code) ?? '',
          purpose: 'oauth',
        });
        channel.startSession(request, reply, user.id, ['pwd', 'otp']);
        return afterSignIn(reply, found.id, found.interaction);
      } catch (error) {
        if (!(error instanceof LabError)) throw error;
        if (error.statusCode === 429) reply.headers(rateLimitHeaders(error));
        if (error.code === 'invalid_code')
          return sendPage(
            reply,
            401,
            mfaPage({ interaction: found.id, csrf: found.csrf, ticket, error: error.message }),
          );
        const page = signInPage({
          interaction: found.id,
          csrf: found.csrf,
          clientName: channel.clientName(found.interaction.clientId),
          error: error.message,
        });
        return sendPage(reply, error.statusCode, page);
      }
    });
  };
