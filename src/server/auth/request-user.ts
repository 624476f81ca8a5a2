import type { FastifyRequest } from 'fastify';
import type { LabContext } from '../core/context';
import { LabError } from '../core/errors';
import type { UserRow } from '../db/users';
import { bearerToken } from './bearer';
import { csrfRefusal } from './csrf';
import { SESSION_COOKIE, SessionCookieSigner, hashSessionId } from './session-cookie';

/** Who is calling a route that accepts either login: the session cookie or a bearer access token (API.md, MFA). */
export interface Caller {
  user: UserRow;
  via: 'session' | 'bearer';
  /** What a step-up marks: 'session:<sha256 of the id>' or 'token:<jti>'. */
  subject: string;
  /** When this session signed in (ms, lab clock); null for a bearer token, which does not say. */
  signedInAt: number | null;
}

/**
 * What the resolver needs of the session lab's store, the one place that
 * decides whether a session id is live (labs/session/store.ts).
 */
export interface LiveSessions {
  findLive(id: string): { userId: number | null; data: { csrfToken?: string; createdAt?: number } } | undefined;
  touch(id: string): void;
  listForUser(userId: number): Array<{ idHash: string; handle: string }>;
  deleteByHandle(userId: number, handle: string): boolean;
}

export type VerifyAccessToken = (token: string) => Promise<{ user: UserRow; claims: { jti: string } }>;

const notAuthenticated = () =>
  new LabError(401, 'not_authenticated', 'Log in first: send your session cookie or an "Authorization: Bearer" token.');

/**
 * Resolves the caller of a route shared by the session and JWT labs. A bearer
 * token wins when both are sent. A cookie-authenticated request that changes
 * state must pass the one CSRF check (auth/csrf.ts): a bearer token is never
 * sent by the browser on its own, so it needs none.
 */
export function createCallerResolver(
  ctx: LabContext,
  deps: {
    verifyAccessToken: VerifyAccessToken;
    sessions: LiveSessions;
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
    const bearer = bearerToken(request.headers.authorization);
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
    const refusal = csrfRefusal(ctx, request, row.data.csrfToken);
    if (refusal) throw refusal;
    store.touch(id);
    return { user, via: 'session', subject: `session:${hashSessionId(id)}`, signedInAt: row.data.createdAt ?? null };
  };

  return { resolveCaller, otherSessions, endOtherSessions };
}
