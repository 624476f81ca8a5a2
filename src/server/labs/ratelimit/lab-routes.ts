import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { LOGIN_LIMITS, LoginThrottle, limitOfKey } from '../../auth/login-throttle';
import { checkPasswordLogin } from '../../auth/password-login';
import type { LabContext } from '../../core/context';
import { LabError, notFound } from '../../core/errors';
import { errorResponses, isoTime } from '../../../common/schemas/common';
import {
  RateLimitClient,
  RateLimitCounters,
  RateLimitCountersQuery,
  RateLimitGiveBackBody,
  RateLimitGiveBackResponse,
  RateLimitOwnerSignIn,
  RateLimitOwnerSignInBody,
  RateLimitResetBody,
  RateLimitResetResponse,
  type RateLimitCounter,
} from '../../../common/schemas/ratelimit';
import { GENERAL_LIMIT_WINDOW_MS } from '../../core/general-limit';

const kindOf = (key: string): RateLimitCounter['kind'] => {
  const prefix = key.split(':')[0];
  return prefix === 'account' || prefix === 'account-ip' || prefix === 'ip' || prefix === 'mfa' ? prefix : 'other';
};

/** One counter as the lab view shows it, with its window on the lab clock. */
function counterView(
  ctx: LabContext,
  c: Omit<RateLimitCounter, 'windowStart' | 'resetAt' | 'resetInSeconds' | 'limited'> & {
    windowStart: number;
    windowMs: number;
  },
): RateLimitCounter {
  const resetAt = c.windowStart + c.windowMs;
  return {
    key: c.key,
    kind: c.kind,
    count: c.count,
    limit: c.limit,
    windowStart: isoTime(c.windowStart),
    resetAt: isoTime(resetAt),
    resetInSeconds: Math.max(0, Math.ceil((resetAt - ctx.clock.nowMs()) / 1000)),
    inFlight: c.inFlight,
    limited: c.limit !== null && c.count - c.inFlight >= c.limit,
  };
}

/** The live counters of both limits whose keys start with `prefix`. */
function countersView(ctx: LabContext, prefix: string): Static<typeof RateLimitCounters> {
  const { generalLimit } = ctx;
  const now = ctx.clock.nowMs();
  const inFlight = LoginThrottle.inFlightOf(ctx);
  const login = ctx.loginState
    .liveFailures(now, LOGIN_LIMITS.windowMs)
    .filter((row) => row.key.startsWith(prefix))
    .map((row) =>
      counterView(ctx, {
        key: row.key,
        kind: kindOf(row.key),
        count: row.count,
        limit: limitOfKey(row.key),
        windowStart: row.window_start,
        windowMs: LOGIN_LIMITS.windowMs,
        inFlight: inFlight.get(row.key) ?? 0,
      }),
    );
  const general = generalLimit
    .live()
    .filter((w) => w.key.startsWith(prefix))
    .map((w) =>
      counterView(ctx, {
        key: w.key,
        kind: 'general',
        count: w.count,
        limit: w.max,
        windowStart: w.windowStart,
        windowMs: w.windowMs,
        inFlight: 0,
      }),
    );
  return {
    now: isoTime(now),
    general: {
      enabled: ctx.config.apiLimit > 0,
      limit: ctx.config.apiLimit,
      windowMs: GENERAL_LIMIT_WINDOW_MS,
      counters: general,
    },
    login: {
      enabled: ctx.toggles.isOn('ratelimit.login'),
      windowMs: LOGIN_LIMITS.windowMs,
      perAccount: LOGIN_LIMITS.perAccount,
      accountWideSlowAfter: LOGIN_LIMITS.accountWideSlowAfter,
      perIp: LOGIN_LIMITS.perIp,
      mfaPerAccount: LOGIN_LIMITS.mfaPerAccount,
      counters: login,
    },
  };
}

/** Where the owner signs in from in the lockout step: an address from RFC 5737's documentation range, never this browser's. */
export const OWNER_ADDRESS = '192.0.2.10';

/**
 * The lockout step's other half: the demo account's owner types the right
 * password from another address, through the real login check and throttle.
 * No session is made; the answer says what the login route would have said.
 */
async function ownerSignIn(ctx: LabContext, email: string): Promise<Static<typeof RateLimitOwnerSignIn>> {
  const owner = ctx.users.demoAccounts().find((a) => a.email === email.trim().toLowerCase());
  if (!owner) throw notFound('Not a demo account.');
  try {
    await checkPasswordLogin(ctx, {
      email: owner.email,
      password: owner.password,
      ip: OWNER_ADDRESS,
      purpose: 'session',
    });
    return { from: OWNER_ADDRESS, status: 200, error: null, retryAfterSeconds: null };
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    const wait = error.extra.retryAfterSeconds;
    return {
      from: OWNER_ADDRESS,
      status: error.statusCode,
      error: error.code,
      retryAfterSeconds: typeof wait === 'number' ? wait : null,
    };
  }
}

/**
 * Lab-only helpers (lab control, no login): the live counters of both limits
 * on the lab clock, a reset of those counters, and who the server thinks the
 * caller is (the X-Forwarded-For step).
 */
export const rateLimitLabRoutes =
  (ctx: LabContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { generalLimit } = ctx;
    app.get(
      '/api/lab/ratelimit/counters',
      {
        schema: {
          tags: ['lab'],
          summary:
            'Lab view: the live counters of the failed-login limit and the general per-IP limit, on the lab clock',
          querystring: RateLimitCountersQuery,
          response: { 200: RateLimitCounters, ...errorResponses(400) },
        },
      },
      async (request) => countersView(ctx, request.query.prefix ?? ''),
    );

    app.post(
      '/api/lab/ratelimit/reset',
      {
        schema: {
          tags: ['lab'],
          summary: 'Clear the counters of the failed-login limit, the general limit, or both (default)',
          body: RateLimitResetBody,
          response: { 200: RateLimitResetResponse, ...errorResponses(400, 413, 415) },
        },
      },
      async (request) => {
        const scope = request.body.scope ?? 'all';
        const keys = request.body.keys;
        let cleared = 0;
        if (keys) {
          ctx.db.transaction(() => {
            for (const key of keys) {
              if (scope !== 'general') cleared += ctx.loginState.deleteFailures(key) ? 1 : 0;
              if (scope !== 'login') cleared += generalLimit.delete(key) ? 1 : 0;
            }
          })();
          return { cleared };
        }
        if (scope !== 'general') cleared += ctx.loginState.clearFailures();
        if (scope !== 'login') {
          cleared += generalLimit.live().length;
          generalLimit.clear();
        }
        return { cleared };
      },
    );

    app.post(
      '/api/lab/ratelimit/give-back',
      {
        schema: {
          tags: ['lab'],
          summary: 'Take counts off counters (what an attack run added), leaving the counts from before it',
          body: RateLimitGiveBackBody,
          response: { 200: RateLimitGiveBackResponse, ...errorResponses(400, 413, 415) },
        },
      },
      async (request) => {
        const { login = {}, general = {} } = request.body;
        let givenBack = 0;
        ctx.db.transaction(() => {
          for (const [key, n] of Object.entries(login)) givenBack += ctx.loginState.giveBackFailures(key, n) ? 1 : 0;
        })();
        for (const [key, n] of Object.entries(general)) givenBack += generalLimit.giveBack(key, n) ? 1 : 0;
        return { givenBack };
      },
    );

    app.post(
      '/api/lab/ratelimit/owner-sign-in',
      {
        schema: {
          tags: ['lab'],
          summary: `The lockout step: a demo account's owner signs in with the right password from another address (${OWNER_ADDRESS}); no session is made`,
          body: RateLimitOwnerSignInBody,
          response: { 200: RateLimitOwnerSignIn, ...errorResponses(400, 404, 413, 415) },
        },
      },
      async (request) => ownerSignIn(ctx, request.body.email),
    );

    app.get(
      '/api/lab/ratelimit/client',
      {
        schema: {
          tags: ['lab'],
          summary: 'Lab view: the client address every limit keys on, and the headers it came from',
          response: { 200: RateLimitClient },
        },
      },
      async (request) => {
        const forwarded = request.headers['x-forwarded-for'];
        return {
          ip: request.ip,
          socketAddress: request.socket.remoteAddress ?? '',
          forwardedFor: (Array.isArray(forwarded) ? forwarded.join(', ') : forwarded) ?? null,
          trustProxy: ctx.config.trustProxy,
          ignoreForwardedFor: ctx.toggles.isOn('ratelimit.ignoreForwardedFor'),
        };
      },
    );
  };
