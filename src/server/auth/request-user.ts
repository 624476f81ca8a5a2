import type { FastifyRequest } from 'fastify';
import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';
import { constantTimeEqual } from '../crypto/random';
import type { UserRow } from '../db/users';
import { SessionCookieSigner } from '../labs/session/cookie-signer';
import { SESSION_COOKIE } from '../labs/session/policy';
import { hashSessionId, type SqliteSessionStore } from '../labs/session/store';

/** Who is calling a route that accepts either login: the session cookie or a bearer access token (API.md, MFA). */
export interface Caller {
  user: UserRow;
  via: 'session' | 'bearer';
  /** What a step-up marks: 'session:<sha256 of the id>' or 'token:<jti>'. */
  subject: string;
  /** When this session signed in (ms, lab clock); null for a bearer token, which does not say. */
  signedInAt: number | null;
}

export type VerifyAccessToken = (token: string) => Promise<{ user: UserRow; claims: { jti: string } }>;

const notAuthenticated = () =>
  new LabError(401, 'not_authenticated', 'Log in first: send your session cookie or an "Authorization: Bearer" token.');

/**
 * Resolves the caller of a route shared by the session and JWT labs. A bearer
 * token wins when both are sent. A cookie-authenticated request that changes
 * state must carry the session's x-csrf-token (API.md, CSRF; OWASP CSRF
 * Prevention Cheat Sheet): a bearer token is never sent by the browser on its
 * own, so it needs none.
 */
export function createCallerResolver(
  ctx: LabContext,
  deps: {
    verifyAccessToken: VerifyAccessToken;
    /** The session lab's store: the one place that decides whether a session id is live. */
    sessions: Pick<SqliteSessionStore, 'findLive' | 'touch' | 'listForUser' | 'deleteByHandle'>;
  },
) {
  const { verifyAccessToken, sessions: store } = deps;
  // The same per-lab key the session lab signs its cookie with.
  const signer = new SessionCookieSigner(ctx);

  /**
   * The caller's other live sessions: after an MFA change the user is offered
   * to end them, in case one of them is the reason for the change
   * (SECURITY.md, Sessions; OWASP ASVS 5.0 V7.4.3).
   */
  const otherSessions = (caller: Caller) =>
    store.listForUser(caller.user.id).filter((row) => `session:${row.idHash}` !== caller.subject);

  const endOtherSessions = (caller: Caller) =>
    otherSessions(caller).filter((row) => store.deleteByHandle(caller.user.id, row.handle)).length;

  const resolveCaller = async (request: FastifyRequest): Promise<Caller> => {
    const bearer = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      const { user, claims } = await verifyAccessToken(bearer);
      return { user, via: 'bearer', subject: `token:${claims.jti}`, signedInAt: null };
    }
    const raw = request.cookies[SESSION_COOKIE];
    const unsigned = raw ? signer.unsign(raw) : undefined;
    const id = unsigned?.valid ? unsigned.value : null;
    const row = id ? store.findLive(id) : undefined;
    const user = row?.userId ? ctx.users.findById(row.userId) : undefined;
    if (!id || !row || !user) throw notAuthenticated();
    if (request.method !== 'GET') {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !row.data.csrfToken || !constantTimeEqual(sent, row.data.csrfToken)) {
        throw new LabError(403, 'csrf_token_invalid', 'This request needs the x-csrf-token header of your session.');
      }
    }
    store.touch(id);
    return { user, via: 'session', subject: `session:${hashSessionId(id)}`, signedInAt: row.data.createdAt ?? null };
  };

  return { resolveCaller, otherSessions, endOtherSessions };
}
