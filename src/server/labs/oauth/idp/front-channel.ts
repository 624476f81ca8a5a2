import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEqual, randomToken } from '../../../crypto/random';
import { messagePage } from '../pages';
import { sha256, type Interaction } from '../repositories';
import type { OAuthServices } from '../services';
import { IDP_SESSION_TTL_MS, INTERACTION_TTL_MS } from '../settings';
import { authorizationResponses } from './authorization-response';
import { sendPage } from './send-page';

export { sendPage } from './send-page';

/** Cookie names are unique across origins: ports do not separate cookies (ARCHITECTURE.md). */
export const IDP_SESSION_COOKIE = 'labid_session';
export const IDP_BROWSER_COOKIE = 'labid_browser';

const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: false };

/**
 * Lab ID's browser side: its session and browser cookies, the interactions a
 * sign-in runs through, and the redirects back to a client. Shared by the
 * authorize, sign-in, consent and device routes.
 */
export function createFrontChannel(lab: OAuthServices) {
  const { ctx } = lab;
  const nowMs = () => ctx.clock.nowMs();

  const channel = {
    nowMs,
    /** A random id for this browser, so an interaction started elsewhere cannot be finished here. */
    browserOf(request: FastifyRequest, reply: FastifyReply): string {
      const existing = request.cookies[IDP_BROWSER_COOKIE];
      if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return sha256(existing);
      const fresh = randomToken(32);
      reply.setCookie(IDP_BROWSER_COOKIE, fresh, cookieOptions);
      return sha256(fresh);
    },

    currentSession(request: FastifyRequest) {
      const sid = request.cookies[IDP_SESSION_COOKIE];
      if (!sid || sid.length > 100) return undefined;
      const session = lab.sessions.find(sid, nowMs());
      const user = session && ctx.users.findById(session.userId);
      return session && user ? { ...session, user } : undefined;
    },

    startSession(request: FastifyRequest, reply: FastifyReply, userId: number, amr: string[]) {
      // A new id at every sign-in, never the one the browser came with (session fixation, ASVS 5.0 V7.2.4).
      const old = request.cookies[IDP_SESSION_COOKIE];
      if (old) lab.sessions.delete(old);
      const sid = randomToken(32);
      lab.sessions.create(sid, userId, ctx.clock.epochSeconds(), amr, nowMs() + IDP_SESSION_TTL_MS);
      reply.setCookie(IDP_SESSION_COOKIE, sid, cookieOptions);
    },

    endSession(request: FastifyRequest, reply: FastifyReply) {
      const sid = request.cookies[IDP_SESSION_COOKIE];
      if (sid && sid.length < 100) lab.sessions.delete(sid);
      reply.clearCookie(IDP_SESSION_COOKIE, { path: '/' });
    },

    newInteraction(interaction: Interaction) {
      const id = randomToken(32);
      const csrf = randomToken(32);
      lab.interactions.create(id, csrf, interaction, nowMs() + INTERACTION_TTL_MS);
      return { id, csrf };
    },

    /** Loads an interaction posted by a form, checking the browser binding and the CSRF token. */
    postedInteraction(request: FastifyRequest, reply: FastifyReply, body: { interaction?: unknown; csrf?: unknown }) {
      const id = typeof body.interaction === 'string' ? body.interaction : undefined;
      const csrf = typeof body.csrf === 'string' ? body.csrf : undefined;
      const found = id && id.length < 100 ? lab.interactions.find(id, nowMs()) : undefined;
      const browser = request.cookies[IDP_BROWSER_COOKIE];
      // The CSRF token is bound to the interaction and the interaction to this browser (OWASP CSRF cheat sheet).
      if (
        !found ||
        !csrf ||
        !browser ||
        !constantTimeEqual(sha256(csrf), found.csrfHash) ||
        !constantTimeEqual(sha256(browser), found.interaction.browser)
      ) {
        sendPage(
          reply,
          400,
          messagePage(
            'This request cannot continue',
            'The sign-in request expired or was not started in this browser. Go back to the app and start again.',
            'invalid_request',
          ),
        );
        return undefined;
      }
      return { id: id!, csrf, interaction: found.interaction };
    },

    clientName(clientId: string) {
      return lab.clients.find(clientId)?.name ?? 'a device';
    },
  };
  return { ...channel, ...authorizationResponses(lab, channel.clientName) };
}

export type FrontChannel = ReturnType<typeof createFrontChannel>;
