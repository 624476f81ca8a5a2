import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { single } from '../checks/check';
import { messagePage } from '../pages';
import type { OAuthServices } from '../services';
import { sendPage, type FrontChannel } from './front-channel';
import { params } from '../schemas';

/**
 * OIDC RP-Initiated Logout 1.0: ends the Lab ID session for a valid
 * id_token_hint, and redirects only to a post_logout_redirect_uri registered
 * for the token's client.
 */
export const logoutRoutes =
  (lab: OAuthServices, channel: FrontChannel): FastifyPluginAsyncTypebox =>
  async (app) => {
    /** The client an ID token hint was issued to, if Lab ID signed it. */
    async function clientOfHint(hint: string | undefined): Promise<string | undefined> {
      if (!hint || hint.length >= 8192) return undefined;
      try {
        // An expired ID token is still a fine hint; the signature and issuer must hold.
        const { payload } = await lab.keys.verify(hint, { issuer: lab.issuer(), currentDate: new Date(0) });
        return typeof payload.aud === 'string' ? payload.aud : undefined;
      } catch {
        return undefined;
      }
    }

    const LogoutQuery = params('id_token_hint', 'post_logout_redirect_uri', 'state');
    app.get('/logout', { schema: { querystring: LogoutQuery } }, async (request, reply) => {
      const q = request.query;
      const clientId = await clientOfHint(single(q.id_token_hint));
      if (!clientId)
        return sendPage(
          reply,
          400,
          messagePage(
            'Sign out from the app',
            'Lab ID signs you out when an app asks with your ID token.',
            'invalid_request',
          ),
        );
      const redirect = single(q.post_logout_redirect_uri);
      if (redirect !== undefined && !lab.postLogoutRedirectUris(clientId).includes(redirect))
        return sendPage(
          reply,
          400,
          messagePage('This link is not valid', 'That post_logout_redirect_uri is not registered.', 'invalid_request'),
        );
      channel.endSession(request, reply);
      if (!redirect) return sendPage(reply, 200, messagePage('Signed out', 'You are signed out of Lab ID.'));
      const url = new URL(redirect);
      const state = single(q.state);
      if (state) url.searchParams.set('state', state);
      return reply.redirect(url.toString(), 303);
    });
  };
