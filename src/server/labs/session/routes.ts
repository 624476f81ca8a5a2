import fastifySession from '@fastify/session';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { checkPasswordLogin, completeMfaLogin } from '../../auth/password-login';
import { SESSION_COOKIE } from '../../auth/session-cookie';
import type { LabContext } from '../../core/context';
import { errorResponses, isoTime } from '../../../common/schemas/common';
import { randomToken } from '../../crypto/random';
import type { UserRow } from '../../db/users';
import { sessionAccountRoutes } from './account-routes';
import { ABSOLUTE_LIFETIME_MS, REMEMBER_ME_LIFETIME_MS, cookieAttributesFor, describeCookie } from './policy';
import { SessionLoginBody, SessionLoginResponse, SessionMfaBody, publicUser } from './schemas';
import type { SessionServices } from './services';
import type { LabSessionData } from './store';

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging with @fastify/session's Session.
  interface Session extends LabSessionData {}
}

const unchanged = () => false;

/**
 * The session lab's own routes, one encapsulated plugin: @fastify/session
 * is registered in this scope only, so no other lab's routes get a session
 * cookie, and every answer here carries no-store.
 */
export const sessionRoutes =
  (ctx: LabContext, lab: SessionServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { store, signer } = lab;
    await app.register(fastifySession, {
      secret: signer,
      cookieName: SESSION_COOKIE,
      // 256-bit ids from the CSPRNG (ASVS 5.0 V7.2.3 asks for at least 128 bits of entropy).
      idGenerator: () => randomToken(32),
      saveUninitialized: false,
      rolling: false,
      store,
      cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: false },
    });
    // Authenticated answers must not be stored by any cache (ASVS 5.0 V14.3.2).
    app.addHook('onSend', (_request, reply, payload, done) => {
      reply.header('cache-control', 'no-store');
      done(null, payload);
    });
    // Activity moves the idle deadline; the row itself is only rewritten when the session changes.
    app.addHook('preHandler', (request, _reply, done) => {
      const session = request.session;
      if (session?.userId) store.touch(session.sessionId);
      // A read (GET, HEAD) never changes a lab session: every change is saved where it
      // is made (login, logout). @fastify/session would otherwise hash the whole
      // session again in onSend to find out it is unchanged.
      if (session && (request.method === 'GET' || request.method === 'HEAD')) {
        Object.defineProperty(session, 'isModified', { value: unchanged });
      }
      done();
    });
    await app.register(sessionLoginRoutes(ctx));
    // The signed-in routes sit in their own scope, behind its guards.
    await app.register(sessionAccountRoutes(ctx, store));
  };

/**
 * Binds the user to a session. With `session.regenerateOnLogin` on, the id
 * the browser came with is destroyed and a new one issued, so an id an
 * attacker planted before login is worthless afterwards (OWASP ASVS 5.0
 * V7.2.4; OWASP Session Management Cheat Sheet, "renew the session ID").
 */
async function establishSession(
  ctx: LabContext,
  request: FastifyRequest,
  user: UserRow,
  rememberMe: boolean,
): Promise<{ csrfToken: string; absoluteExpiresAt: string; rememberMe: boolean }> {
  if (ctx.toggles.isOn('session.regenerateOnLogin')) await request.session.regenerate();
  const session = request.session;
  const cookie = cookieAttributesFor(ctx, request, rememberMe);
  session.cookie.httpOnly = cookie.httpOnly;
  session.cookie.secure = cookie.secure;
  session.cookie.sameSite = cookie.sameSite ?? undefined;
  if (cookie.maxAgeSeconds) session.cookie.maxAge = cookie.maxAgeSeconds * 1000;
  else {
    session.cookie.expires = null;
    session.cookie.originalMaxAge = null;
  }
  const now = ctx.clock.nowMs();
  const absoluteExpiresAt = now + (rememberMe ? REMEMBER_ME_LIFETIME_MS : ABSOLUTE_LIFETIME_MS);
  // A synchronizer token per session, sent back in x-csrf-token (OWASP CSRF Prevention Cheat Sheet).
  const csrfToken = randomToken(32);
  session.userId = user.id;
  session.csrfToken = csrfToken;
  session.createdAt ??= now;
  session.absoluteExpiresAt = absoluteExpiresAt;
  session.rememberMe = rememberMe;
  session.userAgent = String(request.headers['user-agent'] ?? 'unknown').slice(0, 200);
  session.issuedCookie = describeCookie(cookie);
  // Saved here, not in onSend: @fastify/session skips saving a Secure cookie over
  // plain http, but loopback is a secure context where browsers keep it.
  await session.save();
  return { csrfToken, absoluteExpiresAt: isoTime(absoluteExpiresAt), rememberMe };
}

/** Password login, and its second step when the account has MFA. */
const sessionLoginRoutes =
  (ctx: LabContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/session/login',
      {
        schema: {
          tags: ['session'],
          summary: 'Log in with a password; sets a fresh session cookie (or asks for the MFA code)',
          body: SessionLoginBody,
          response: { 200: SessionLoginResponse, ...errorResponses(400, 401, 413, 415, 429) },
        },
      },
      async (request) => {
        const rememberMe = request.body.rememberMe === true;
        const result = await checkPasswordLogin(ctx, {
          email: request.body.email,
          password: request.body.password,
          ip: request.ip,
          purpose: 'session',
          rememberMe,
        });
        // Password alone starts no session: the second factor comes first (ASVS 5.0 V6.3.3).
        if (result.kind === 'mfa_required') {
          // mfa.bindTicket off: the half-login already signs the session in ("2FA simple bypass").
          const bypass = ctx.toggles.isOn('mfa.bindTicket')
            ? {}
            : await establishSession(ctx, request, result.user, rememberMe);
          return { requiresMfa: true, mfaTicket: result.mfaTicket, ...bypass };
        }
        return { user: publicUser(result.user), ...(await establishSession(ctx, request, result.user, rememberMe)) };
      },
    );

    app.post(
      '/api/session/login/mfa',
      {
        schema: {
          tags: ['session'],
          summary: 'Finish an MFA login with a TOTP code or a recovery code; issues a new session id',
          body: SessionMfaBody,
          response: { 200: SessionLoginResponse, ...errorResponses(400, 401, 413, 415, 429) },
        },
      },
      async (request) => {
        const { user, rememberMe } = await completeMfaLogin(ctx, { ...request.body, purpose: 'session' });
        // The id changes again now that the second factor raised the session's privilege.
        return { user: publicUser(user), ...(await establishSession(ctx, request, user, rememberMe)) };
      },
    );
  };
