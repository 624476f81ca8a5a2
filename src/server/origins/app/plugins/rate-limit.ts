import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { LabError } from '../../../core/errors';
import { DEFAULT_API_LIMIT_PER_MINUTE } from '../../../core/config';
import { GENERAL_LIMIT_WINDOW_MS, labClockStore, type GeneralLimitCounters } from '../../../core/general-limit';
import { routedPath } from '../../../core/routed-path';

/**
 * The general per-IP limit (API.md); `perMinute` 0 turns it off (`--api-limit 0`, for benchmarks).
 * Its counters live in the rate-limit lab's store, on the lab clock, so the lab can show them.
 */
export async function registerGeneralRateLimit(
  app: FastifyInstance,
  counters: GeneralLimitCounters,
  perMinute = DEFAULT_API_LIMIT_PER_MINUTE,
): Promise<void> {
  if (perMinute === 0) return;
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: GENERAL_LIMIT_WINDOW_MS,
    store: labClockStore(counters),
    // RateLimit-Limit / -Remaining / -Reset (IETF draft names) on every answer, Retry-After on a 429.
    enableDraftSpec: true,
    // request.ip: the socket address, or the client a configured proxy names (core/client-address.ts).
    keyGenerator: (request) => request.ip,
    // The lab control API must keep working even while a lab floods the server.
    allowList: (request) => routedPath(request).startsWith('/api/lab/'),
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.ceil(context.ttl / 1000);
      return new LabError(429, 'rate_limited', `Too many requests; try again in ${seconds} s.`, {
        retryAfterSeconds: seconds,
        limit: context.max,
      });
    },
  });
}
