import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { LabError } from '../../../core/errors';

/** The general per-IP limit (API.md): far above what a learner clicks, to stop runaway scripts. */
export const GENERAL_LIMIT_PER_MINUTE = 600;

export async function registerGeneralRateLimit(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: GENERAL_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // Keyed on the socket address: X-Forwarded-For is not trusted (trustProxy is off).
    keyGenerator: (request) => request.ip,
    // The lab control API must keep working even while a lab floods the server.
    allowList: (request) => request.url.startsWith('/api/lab/'),
    errorResponseBuilder: (_request, context) =>
      new LabError(429, 'rate_limited', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s.`),
  });
}
