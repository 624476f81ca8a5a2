import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { bearerToken } from '../../auth/bearer';
import { checkPasswordLogin, completeMfaLogin } from '../../auth/password-login';
import type { LabContext } from '../../core/context';
import { LabError } from '../../core/errors';
import { errorResponses } from '../../../common/schemas/common';
import { isSecureContext } from '../../core/secure-context';
import type { UserRow } from '../../db/users';
import type { AccessClaims } from './access-tokens';
import { jwtKeyRoutes } from './key-routes';
import type { JwtServices } from './services';
import type { IssuedRefreshToken } from './refresh-tokens';
import {
  AdminResponse,
  EmptyBody,
  JwtLoginBody,
  JwtLoginResponse,
  JwtMeResponse,
  JwtMfaBody,
  LogoutAllResponse,
  LogoutResponse,
  TokenResponse,
  bearerErrors,
} from './schemas';

/** Distinct from every other origin's cookie on 127.0.0.1 (ports do not separate cookies). */
export const REFRESH_COOKIE = 'authlab_rt';
/** Only the token routes ever see the refresh token. */
export const REFRESH_COOKIE_PATH = '/api/jwt';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified bearer token's user and claims, set by the JWT lab's requireBearer guard. */
    bearer: { user: UserRow; claims: AccessClaims } | null;
  }
}

/**
 * Scope guard: a valid bearer token, or a 401 with a stable code and a
 * WWW-Authenticate challenge before the handler runs (RFC 6750 §3).
 */
export function requireBearer(lab: JwtServices) {
  // Callback style: a token verified before is checked without a promise.
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const refuse = (error: unknown) => {
      if (error instanceof LabError) {
        // RFC 6750 §3: tell the client why, in the header as well as the body.
        reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${error.code}"`);
      }
      done(error as Error);
    };
    const token = bearerToken(request.headers.authorization);
    if (!token)
      return refuse(new LabError(401, 'invalid_token', 'Send the access token as "Authorization: Bearer <token>".'));
    let known: FastifyRequest['bearer'] | undefined;
    try {
      known = lab.access.verifyRemembered(token);
    } catch (error) {
      return refuse(error);
    }
    if (known) {
      request.bearer = known;
      return done();
    }
    lab.access.verify(token).then((verified) => {
      request.bearer = verified;
      done();
    }, refuse);
  };
}

/** What requireBearer verified; only called behind it. */
function bearerOf(request: FastifyRequest) {
  if (!request.bearer) throw new LabError(401, 'invalid_token', 'No verified bearer token.');
  return request.bearer;
}

/** Sets the rotating refresh token's cookie. */
function setRefreshCookie(ctx: LabContext, reply: FastifyReply, refresh: IssuedRefreshToken): void {
  // HttpOnly: no script can read it. SameSite=Strict: no other site can make
  // the browser send it. Path: only the token routes receive it (RFC 6265bis §4.1.2).
  reply.setCookie(REFRESH_COOKIE, refresh.token, {
    httpOnly: true,
    sameSite: 'strict',
    // Secure wherever the browser will keep it: https and loopback (the same rule as the session cookie).
    secure: isSecureContext(reply.request),
    path: REFRESH_COOKIE_PATH,
    // Remember me = a persistent cookie; otherwise it dies with the browser.
    ...(refresh.rememberMe ? { maxAge: Math.max(0, Math.ceil((refresh.expiresAt - ctx.clock.nowMs()) / 1000)) } : {}),
  });
}

/** Lets the browser forget the refresh cookie. */
function clearRefreshCookie(reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, httpOnly: true, sameSite: 'strict' });
}

/** The JWT lab's token routes, one encapsulated plugin; key rotation and the bearer-only routes are in its scope. */
export const jwtRoutes =
  (ctx: LabContext, lab: JwtServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Token responses must never be cached (RFC 6749 §5.1).
    app.addHook('onSend', (_request, reply, payload, done) => {
      reply.header('cache-control', 'no-store');
      done(null, payload);
    });

    const signIn = async (reply: FastifyReply, user: UserRow, rememberMe: boolean) => {
      const refresh = await lab.refresh.startFamily(user, rememberMe);
      setRefreshCookie(ctx, reply, refresh);
      return { ...(await lab.access.issue(user)), tokenType: 'Bearer' as const };
    };

    app.post(
      '/api/jwt/login',
      {
        schema: {
          tags: ['jwt'],
          summary: 'Password login: an access token in the body, a rotating refresh token in an HttpOnly cookie',
          body: JwtLoginBody,
          response: { 200: JwtLoginResponse, ...errorResponses(400, 401, 413, 415, 429) },
        },
      },
      async (request, reply) => {
        const result = await checkPasswordLogin(ctx, { ...request.body, ip: request.ip, purpose: 'jwt' });
        if (result.kind === 'mfa_required') return { requiresMfa: true, mfaTicket: result.mfaTicket };
        return signIn(reply, result.user, request.body.rememberMe === true);
      },
    );

    app.post(
      '/api/jwt/login/mfa',
      {
        schema: {
          tags: ['jwt'],
          summary: 'Second login step: the TOTP code for a pending MFA ticket',
          body: JwtMfaBody,
          response: { 200: TokenResponse, ...errorResponses(400, 401, 415, 429) },
        },
      },
      async (request, reply) => {
        const { user, rememberMe } = await completeMfaLogin(ctx, { ...request.body, purpose: 'jwt' });
        return signIn(reply, user, rememberMe);
      },
    );

    app.post(
      '/api/jwt/refresh',
      {
        schema: {
          tags: ['jwt'],
          summary: 'Spend the refresh cookie for a new access token and a rotated refresh cookie',
          description: 'A rotated-out refresh token gets 401 refresh_token_reused and revokes its whole family.',
          body: EmptyBody,
          response: { 200: TokenResponse, ...bearerErrors },
        },
      },
      async (request, reply) => {
        const token = request.cookies[REFRESH_COOKIE];
        if (!token) throw new LabError(401, 'invalid_token', 'There is no refresh cookie. Sign in first.');
        try {
          const { user, refresh } = await lab.refresh.rotate(token);
          setRefreshCookie(ctx, reply, refresh);
          return { ...(await lab.access.issue(user)), tokenType: 'Bearer' as const };
        } catch (error) {
          // A refresh token that failed will never work again: let the browser forget it.
          clearRefreshCookie(reply);
          throw error;
        }
      },
    );

    app.post(
      '/api/jwt/logout',
      {
        schema: {
          tags: ['jwt'],
          summary: 'Revoke the refresh family and deny-list the presented access token until its exp',
          body: EmptyBody,
          response: {
            200: LogoutResponse,
            ...errorResponses(400, 415),
          },
        },
      },
      async (request, reply) => {
        const refresh = request.cookies[REFRESH_COOKIE];
        const familyRevoked = refresh ? await lab.refresh.revokeByToken(refresh) : false;
        let accessTokenDenied = false;
        const bearer = bearerToken(request.headers.authorization);
        if (bearer) {
          const verified = await lab.access.verify(bearer).catch(() => undefined);
          if (verified?.claims.exp) {
            lab.revocations.deny(verified.claims.jti, verified.claims.exp);
            accessTokenDenied = true;
          }
        }
        clearRefreshCookie(reply);
        return { familyRevoked, accessTokenDenied };
      },
    );

    await app.register(jwtKeyRoutes(lab));
    await app.register(jwtBearerRoutes(lab));
  };

/** The routes that need a bearer token, in their own scope behind its guard. */
const jwtBearerRoutes =
  (lab: JwtServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.decorateRequest('bearer', null);
    app.addHook('preHandler', requireBearer(lab));
    app.get(
      '/api/jwt/me',
      {
        schema: {
          tags: ['jwt'],
          summary: 'Who the bearer token says you are',
          response: { 200: JwtMeResponse, ...bearerErrors },
        },
      },
      async (request) => {
        const { user, claims } = bearerOf(request);
        return { user: { id: user.id, email: user.email, role: user.role }, claims };
      },
    );

    app.get(
      '/api/jwt/admin',
      {
        schema: {
          tags: ['jwt'],
          summary: 'Admins only: 403 for a valid non-admin token, 401 without a valid one',
          response: {
            200: AdminResponse,
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (request) => {
        const { user, claims } = bearerOf(request);
        // The role claim decides, as a resource server that trusts its tokens does.
        if (claims.role !== 'admin') throw new LabError(403, 'forbidden', 'This token does not carry the admin role.');
        return { message: 'Welcome to the admin area.', email: user.email };
      },
    );

    app.post(
      '/api/jwt/logout-all',
      {
        schema: {
          tags: ['jwt'],
          summary: "Bump the user's token version: every refresh and access token issued before fails",
          body: EmptyBody,
          response: {
            200: LogoutAllResponse,
            ...bearerErrors,
          },
        },
      },
      async (request, reply) => {
        const { user } = bearerOf(request);
        const tokenVersion = lab.revocations.bumpTokenVersion(user.id);
        clearRefreshCookie(reply);
        return { tokenVersion };
      },
    );
  };
