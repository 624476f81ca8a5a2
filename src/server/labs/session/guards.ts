import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { requireCsrfToken } from '../../auth/csrf';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import { isSecureContext } from '../../core/secure-context';
import type { UserRow } from '../../db/users';
import { SESSION_COOKIE } from '../../auth/session-cookie';

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

/** The one CSRF check (auth/csrf.ts), against this session's token, on the routes behind it. */
export const requireSessionCsrfToken = (ctx: LabContext) =>
  requireCsrfToken(ctx, (request) => request.session?.csrfToken);

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', secure: isSecureContext(request), httpOnly: true, sameSite: 'lax' });
}
