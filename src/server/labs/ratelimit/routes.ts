import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { LOGIN_LIMITS, LoginThrottle, limitOfKey } from '../../auth/login-throttle';
import type { LabContext } from '../../core/context';
import { errorResponses, isoTime } from '../../../common/schemas/common';
import {
  RateLimitClient,
  RateLimitCounters,
  RateLimitCountersQuery,
  RateLimitGiveBackBody,
  RateLimitGiveBackResponse,
  RateLimitResetBody,
  RateLimitResetResponse,
  type RateLimitCounter,
} from '../../../common/schemas/ratelimit';
import { GENERAL_LIMIT_WINDOW_MS, type GeneralLimitCounters } from '../../core/general-limit';

const kindOf = (key: string): RateLimitCounter['kind'] => {
  const prefix = key.split(':')[0];
  return prefix === 'account' || prefix === 'ip' || prefix === 'mfa' ? prefix : 'other';
};

/**
 * Lab-only helpers (lab control, no login): the live counters of both limits
 * on the lab clock, a reset of those counters, and who the server thinks the
 * caller is (the X-Forwarded-For step).
 */
export const rateLimitLabRoutes: FastifyPluginAsync<{ ctx: LabContext; generalLimit: GeneralLimitCounters }> = async (
  root,
  { ctx, generalLimit },
) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const counter = (
    key: string,
    kind: RateLimitCounter['kind'],
    count: number,
    limit: number | null,
    windowStart: number,
    windowMs: number,
    inFlight: number,
  ): RateLimitCounter => {
    const resetAt = windowStart + windowMs;
    return {
      key,
      kind,
      count,
      limit,
      windowStart: isoTime(windowStart),
      resetAt: isoTime(resetAt),
      resetInSeconds: Math.max(0, Math.ceil((resetAt - ctx.clock.nowMs()) / 1000)),
      inFlight,
      limited: limit !== null && count - inFlight >= limit,
    };
  };

  app.get(
    '/api/lab/ratelimit/counters',
    {
      schema: {
        tags: ['lab'],
        summary: 'Lab view: the live counters of the failed-login limit and the general per-IP limit, on the lab clock',
        querystring: RateLimitCountersQuery,
        response: { 200: RateLimitCounters, ...errorResponses(400) },
      },
    },
    async (request) => {
      const prefix = request.query.prefix ?? '';
      const now = ctx.clock.nowMs();
      const inFlight = LoginThrottle.inFlightOf(ctx);
      const login = ctx.loginState
        .liveFailures(now, LOGIN_LIMITS.windowMs)
        .filter((row) => row.key.startsWith(prefix))
        .map((row) =>
          counter(
            row.key,
            kindOf(row.key),
            row.count,
            limitOfKey(row.key),
            row.window_start,
            LOGIN_LIMITS.windowMs,
            inFlight.get(row.key) ?? 0,
          ),
        );
      const general = generalLimit
        .live()
        .filter((w) => w.key.startsWith(prefix))
        .map((w) => counter(w.key, 'general', w.count, w.max, w.windowStart, w.windowMs, 0));
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
          perIp: LOGIN_LIMITS.perIp,
          mfaPerAccount: LOGIN_LIMITS.mfaPerAccount,
          counters: login,
        },
      };
    },
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
