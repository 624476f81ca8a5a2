import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { single } from '../checks/check';
import { messagePage, signInPage } from '../pages';
import { sha256 } from '../repositories';
import type { OAuthServices } from '../services';
import { IDP_BROWSER_COOKIE, sendPage, type FrontChannel } from './front-channel';
import { params } from '../schemas';

/** The consent step of an authorization: shown after sign-in, answered by a form post. */
export const consentRoutes =
  (lab: OAuthServices, channel: FrontChannel): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get('/consent', { schema: { querystring: params('interaction') } }, async (request, reply) => {
      const id = single(request.query.interaction);
      const found = id && id.length < 100 ? lab.interactions.find(id, channel.nowMs()) : undefined;
      const browser = request.cookies[IDP_BROWSER_COOKIE];
      if (!found || found.interaction.kind !== 'authorize' || !browser || sha256(browser) !== found.interaction.browser)
        return sendPage(
          reply,
          400,
          messagePage('This request cannot continue', 'Start again from the app.', 'invalid_request'),
        );
      const session = channel.currentSession(request);
      // A fresh CSRF token for the consent form, replacing the sign-in one.
      lab.interactions.delete(id!);
      const next = channel.newInteraction(found.interaction);
      const clientName = channel.clientName(found.interaction.clientId);
      if (!session) return sendPage(reply, 200, signInPage({ interaction: next.id, csrf: next.csrf, clientName }));
      return channel.consentOrFinish(reply, next.id, next.csrf, found.interaction, session);
    });

    app.post(
      '/consent',
      { schema: { body: params('interaction', 'csrf', 'decision') }, attachValidation: true },
      async (request, reply) => {
        const body = request.body ?? {};
        const found = channel.postedInteraction(request, reply, body);
        if (!found) return reply;
        const session = channel.currentSession(request);
        if (!session || found.interaction.kind !== 'authorize')
          return sendPage(reply, 401, messagePage('Signed out', 'Sign in again from the app.', 'login_required'));
        lab.interactions.delete(found.id);
        const { interaction } = found;
        if (single(body.decision) !== 'allow')
          return channel.backToClient(reply, interaction.redirectUri!, {
            error: 'access_denied',
            error_description: 'The user denied the request.',
            state: interaction.state,
          });
        lab.consents.grant(session.userId, interaction.clientId, interaction.scope.split(' '), channel.nowMs());
        return channel.finishAuthorization(reply, interaction, session);
      },
    );
  };
