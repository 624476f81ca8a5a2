import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { LabError } from '../../../core/errors';

import { DEFAULT_API_LIMIT_PER_MINUTE } from '../../../core/config';

/** The general per-IP limit (API.md); `perMinute` 0 turns it off (`--api-limit 0`, for benchmarks). */
export async function registerGeneralRateLimit(
  app: FastifyInstance,
  perMinute = DEFAULT_API_LIMIT_PER_MINUTE,
): Promise<void> {
  if (perMinute === 0) return;
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    // Keyed on the socket address: X-Forwarded-For is not trusted (trustProxy is off).
    keyGenerator: (request) => request.ip,
    // The lab control API must keep working even while a lab floods the server.
    allowList: (request) => request.url.startsWith('/api/lab/'),
    errorResponseBuilder: (_request, context) =>
      new LabError(429, 'rate_limited', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s.`),
  });
}
