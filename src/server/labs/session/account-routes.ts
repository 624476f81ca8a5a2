import fastifyFormbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { hashSessionId } from '../../auth/session-cookie';
import type { LabContext } from '../../core/context';
import { LabError, notFound } from '../../core/errors';
import { escapeHtml, page } from '../../core/html-page';
import { errorResponses, isoTime } from '../../../common/schemas/common';
import { clearSessionCookie, requireSession, requireSessionCsrfToken, sessionUserOf } from './guards';
import { CLOSE_WINDOW_SCRIPT, CLOSE_WINDOW_SOURCE } from './lab-routes';
import { IDLE_TIMEOUT_MS } from './policy';
import { CsrfHeader, SessionHandle, SessionSummary, SessionUser, publicUser } from './schemas';
import type { SqliteSessionStore } from './store';

const iso = isoTime;
const UserResponse = Type.Object({ user: SessionUser });

/**
 * The routes of a signed-in session. Two scope guards run before every
 * handler here: requireSession (401 without a live session) and the one CSRF
 * check for state-changing methods (403 without the session's token).
 */
export const sessionAccountRoutes =
  (ctx: LabContext, store: SqliteSessionStore): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.decorateRequest('sessionUser', null);
    app.addHook('preHandler', requireSession(ctx));
    app.addHook('preHandler', requireSessionCsrfToken(ctx));

    app.get(
      '/api/session/me',
      {
        schema: {
          tags: ['session'],
          summary: 'The user of the current session, or 401',
          response: {
            200: UserResponse,
            ...errorResponses(401),
          },
        },
      },
      async (request) => ({ user: publicUser(sessionUserOf(request)) }),
    );

    app.get(
      '/api/session/admin',
      {
        schema: {
          tags: ['session'],
          summary: 'Admins only: 200 for admin, 403 for other users, 401 when anonymous',
          response: {
            200: Type.Object({ user: SessionUser, message: Type.String() }),
            ...errorResponses(401, 403),
          },
        },
      },
      async (request) => {
        const user = sessionUserOf(request);
        // 401 says "who are you?"; 403 says "I know who you are, and the answer is no" (RFC 9110 §15.5.2, §15.5.4).
        if (user.role !== 'admin') throw new LabError(403, 'forbidden', 'This area is for admins only.');
        return { user: publicUser(user), message: 'Welcome to the admin area.' };
      },
    );

    app.get(
      '/api/session/csrf',
      {
        schema: {
          tags: ['session'],
          summary: 'The CSRF token of the current session',
          response: {
            200: Type.Object({ csrfToken: Type.String() }),
            ...errorResponses(401),
          },
        },
      },
      async (request) => {
        return { csrfToken: request.session.csrfToken ?? '' };
      },
    );

    app.post(
      '/api/session/logout',
      {
        schema: {
          tags: ['session'],
          summary: 'End the current session on the server and clear its cookie',
          headers: CsrfHeader,
          response: {
            200: Type.Object({ loggedOut: Type.Boolean(), serverSessionDestroyed: Type.Boolean() }),
            ...errorResponses(401, 403),
          },
        },
      },
      async (request, reply) => {
        // Clearing the cookie only asks the browser to forget it; destroying the
        // row is what makes every copy of the id useless (ASVS 5.0 V7.4.1).
        const destroy = ctx.toggles.isOn('session.serverSideLogout');
        if (destroy) await request.session.destroy();
        clearSessionCookie(request, reply);
        return { loggedOut: true, serverSessionDestroyed: destroy };
      },
    );

    await app.register(sessionListRoutes(ctx, store));
    await app.register(profileRoutes(ctx));
  };

/** Your live sessions, and ending one of them: behind the same guards. */
const sessionListRoutes =
  (ctx: LabContext, store: SqliteSessionStore): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/session/sessions',
      {
        schema: {
          tags: ['session'],
          summary: 'Your live sessions (device, created, last seen)',
          response: { 200: Type.Array(SessionSummary), ...errorResponses(401) },
        },
      },
      async (request) => {
        const user = sessionUserOf(request);
        const currentHash = hashSessionId(request.session.sessionId);
        const idle = ctx.toggles.isOn('session.idleTimeout');
        return store.listForUser(user.id).map((row) => ({
          id: row.handle,
          current: row.idHash === currentHash,
          userAgent: row.userAgent,
          createdAt: iso(row.createdAt),
          lastSeenAt: iso(row.lastSeenAt),
          absoluteExpiresAt: iso(row.absoluteExpiresAt),
          idleExpiresAt: idle ? iso(Math.min(row.lastSeenAt + IDLE_TIMEOUT_MS, row.absoluteExpiresAt)) : null,
          rememberMe: row.rememberMe,
        }));
      },
    );

    app.delete(
      '/api/session/sessions/:id',
      {
        schema: {
          tags: ['session'],
          summary: 'End one of your own sessions (someone else\u2019s gets 404)',
          headers: CsrfHeader,
          params: Type.Object({ id: SessionHandle }),
          response: {
            200: Type.Object({ ended: Type.Boolean(), current: Type.Boolean() }),
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const user = sessionUserOf(request);
        const current = store.findAny(request.session.sessionId)?.handle === request.params.id;
        // Scoped to the caller's user id: another user's handle looks exactly like an unknown one.
        if (!store.deleteByHandle(user.id, request.params.id)) throw notFound('You have no session with this id.');
        if (current) clearSessionCookie(request, reply);
        return { ended: true, current };
      },
    );
  };

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * The CSRF demo target. JSON-only is itself a CSRF defence: an HTML form can
 * only send form, multipart or text bodies, and a cross-site fetch with
 * application/json needs a CORS preflight this server never grants. So the
 * form parser lives in this scope only, and answers only while a CSRF
 * defence is switched off; otherwise a form body gets 415.
 */
const profileRoutes =
  (ctx: LabContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    await app.register(fastifyFormbody);
    app.addHook('onRequest', async (request) => {
      const type = String(request.headers['content-type'] ?? '').toLowerCase();
      const defencesOn = ctx.toggles.isOn('session.sameSite') && ctx.toggles.isOn('session.csrfToken');
      if (type.startsWith(FORM_TYPE) && defencesOn) {
        throw new LabError(415, 'unsupported_media_type', 'Send the body as application/json.');
      }
    });
    // The CSRF attack's forged form is a top-level navigation in a window the attacker's site
    // opened, which the lab page cannot close (Cross-Origin-Opener-Policy cuts it off). So a
    // navigation gets the same answer as a small page that shows it and closes its own window;
    // the status code, which the lab reads from the traffic log, stays what it was.
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.headers['sec-fetch-dest'] !== 'document' || typeof payload !== 'string') return payload;
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') {
        reply.header(
          'content-security-policy',
          csp.replace("script-src 'self'", `script-src 'self' ${CLOSE_WINDOW_SOURCE}`),
        );
      }
      reply.type('text/html; charset=utf-8');
      return page(
        'Profile update',
        `<h1>POST /api/session/profile answered ${reply.statusCode}</h1><pre id="profile-answer">${escapeHtml(payload)}</pre><p>A window the attack opened closes itself in a moment.</p><script>${CLOSE_WINDOW_SCRIPT}</script>`,
      );
    });
    app.post(
      '/api/session/profile',
      {
        schema: {
          tags: ['session'],
          summary: 'Change your display name (the CSRF lab\u2019s target)',
          headers: CsrfHeader,
          body: Type.Object(
            { displayName: Type.String({ minLength: 1, maxLength: 60, pattern: '^[^\\u0000-\\u001f\\u007f]+$' }) },
            { additionalProperties: false },
          ),
          response: {
            200: UserResponse,
            ...errorResponses(400, 401, 403, 413, 415),
          },
        },
      },
      async (request) => {
        const user = sessionUserOf(request);
        const displayName = request.body.displayName.trim() || user.email;
        ctx.users.setDisplayName(user.id, displayName);
        return { user: publicUser({ ...user, displayName }) };
      },
    );
  };
