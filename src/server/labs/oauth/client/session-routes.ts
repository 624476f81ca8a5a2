import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { OAuthServices } from '../services';
import { RP_SESSION_COOKIE, type RelyingParty } from './relying-party';

/** What a signed-in user does at Your App: call the API, refresh the tokens, log out. Each a same-origin form post. */
export const sessionRoutes =
  (lab: OAuthServices, rp: RelyingParty): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { ctx } = lab;

    app.post('/call-api', async (request, reply) => {
      rp.sameOrigin(request);
      const session = rp.sessionOf(request);
      if (!session) return reply.redirect('/', 303);
      const response = await lab.fetch(`${ctx.origins.app}/api/oauth/resource`, {
        headers: { authorization: `Bearer ${session.data.accessToken}` },
      });
      const body = await response.json().catch(() => null);
      lab.rp.saveSession(session.sid, {
        ...session.data,
        apiResult: { status: response.status, body },
        notice: undefined,
      });
      return reply.redirect('/', 303);
    });

    app.post('/refresh', async (request, reply) => {
      rp.sameOrigin(request);
      const session = rp.sessionOf(request);
      if (!session) return reply.redirect('/', 303);
      if (!session.data.refreshToken) {
        lab.rp.saveSession(session.sid, { ...session.data, notice: 'No refresh token to use.' });
        return reply.redirect('/', 303);
      }
      const tokens = await rp.tokenRequest({ grant_type: 'refresh_token', refresh_token: session.data.refreshToken });
      if (tokens.status !== 200) {
        lab.rp.saveSession(session.sid, { ...session.data, notice: `Refresh refused: ${String(tokens.body.error)}` });
        return reply.redirect('/', 303);
      }
      lab.rp.saveSession(session.sid, {
        ...session.data,
        accessToken: String(tokens.body.access_token),
        refreshToken: typeof tokens.body.refresh_token === 'string' ? tokens.body.refresh_token : undefined,
        idToken: typeof tokens.body.id_token === 'string' ? tokens.body.id_token : session.data.idToken,
        // The last API answer was made with the old access token: it no longer says anything about the new one.
        apiResult: undefined,
        notice: 'Tokens refreshed: the old refresh token is now spent.',
      });
      return reply.redirect('/', 303);
    });

    app.post('/logout', async (request, reply) => {
      rp.sameOrigin(request);
      const session = rp.sessionOf(request);
      if (session) {
        lab.rp.endSession(session.sid);
        // Revoke the refresh token too, so logging out also ends offline access (RFC 7009).
        if (session.data.refreshToken) {
          await lab
            .fetch(`${lab.issuer()}/revoke`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: rp.clientAuth() },
              body: new URLSearchParams({
                token: session.data.refreshToken,
                token_type_hint: 'refresh_token',
              }).toString(),
            })
            .catch(() => undefined);
        }
      }
      reply.clearCookie(RP_SESSION_COOKIE, { path: '/' });
      // RP-initiated logout: also end the Lab ID session, or the next "Log in" signs straight back in.
      if (session?.data.idToken && session.data.via === 'code-flow') {
        const url = new URL(`${lab.issuer()}/logout`);
        url.search = new URLSearchParams({
          id_token_hint: session.data.idToken,
          post_logout_redirect_uri: `${ctx.origins.client}/`,
        }).toString();
        return reply.redirect(url.toString(), 303);
      }
      return reply.redirect('/', 303);
    });
  };
