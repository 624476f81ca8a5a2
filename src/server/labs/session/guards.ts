import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import { isSecureContext } from '../../core/secure-context';
import { constantTimeEqual } from '../../crypto/random';
import type { UserRow } from '../../db/users';
import { SESSION_COOKIE } from './policy';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, set by the session lab's requireSession guard on the routes behind it. */
    sessionUser: UserRow | null;
  }
}

const notAuthenticated = () =>
  new LabError(401, 'not_authenticated', 'No live session: log in (or your session ended or expired).');

/** Scope guard: the session's user, or 401 before the handler runs. */
export function requireSession(ctx: LabContext) {
  // Callback style: no promise per request on the signed-in routes.
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const userId = request.session?.userId;
    const user = userId === undefined ? undefined : ctx.users.findById(userId);
    if (!user) return done(notAuthenticated());
    request.sessionUser = user;
    done();
  };
}

/** The user requireSession found; only called behind it. */
export function sessionUserOf(request: FastifyRequest): UserRow {
  if (!request.sessionUser) throw notAuthenticated();
  return request.sessionUser;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one CSRF check, as a scope hook: every state-changing request behind it
 * must carry this session's synchronizer token in x-csrf-token, compared in
 * constant time. A cross-site form can make the browser send the cookie, but
 * it cannot read the token or set a custom header (OWASP CSRF Prevention
 * Cheat Sheet; ASVS 5.0 V3.5.1).
 */
export function requireCsrfToken(ctx: LabContext) {
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (SAFE_METHODS.has(request.method) || !ctx.toggles.isOn('session.csrfToken')) return done();
    const sent = request.headers['x-csrf-token'];
    const expected = request.session?.csrfToken;
    if (typeof sent !== 'string' || !expected || !constantTimeEqual(sent, expected)) {
      return done(
        new LabError(403, 'csrf_token_invalid', 'This request needs the x-csrf-token header of your session.'),
      );
    }
    done();
  };
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', secure: isSecureContext(request), httpOnly: true, sameSite: 'lax' });
}
