import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

/** How often libuv samples the loop. */
const RESOLUTION_MS = 10;
/**
 * The histogram holds the time between samples, which includes the sampling
 * interval itself: the delay is what is left above it (as @fastify/under-pressure
 * reports it).
 */
const delayMs = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);

const PerfSnapshot = Type.Object({
  eventLoopDelayMs: Type.Object({ p50: Type.Number(), p99: Type.Number(), max: Type.Number(), mean: Type.Number() }),
  rssBytes: Type.Integer(),
  maxRssBytes: Type.Integer(),
  sinceMs: Type.Integer(),
});

/**
 * Lab view of the server's own health: how late the event loop ran (a
 * bcrypt hash on the loop would show here as a stall every other request
 * feels), and memory. `npm run bench` reads it during its login storm.
 */
export const labPerfRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  let since = Date.now();
  app.addHook('onClose', async () => delay.disable());

  const snapshot = () => ({
    eventLoopDelayMs: {
      p50: delayMs(delay.percentile(50)),
      p99: delayMs(delay.percentile(99)),
      max: delayMs(delay.max),
      mean: Number.isNaN(delay.mean) ? 0 : delayMs(delay.mean),
    },
    rssBytes: process.memoryUsage.rss(),
    // resourceUsage().maxRSS is the process's peak, in kilobytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    sinceMs: Date.now() - since,
  });

  app.get(
    '/api/lab/perf',
    {
      schema: {
        tags: ['lab'],
        summary: 'Event-loop delay since the last reset, and memory',
        response: { 200: PerfSnapshot },
      },
    },
    async () => snapshot(),
  );

  app.post(
    '/api/lab/perf/reset',
    {
      schema: {
        tags: ['lab'],
        summary: 'Starts a new event-loop delay measurement; returns the one it ends',
        response: { 200: PerfSnapshot },
      },
    },
    async () => {
      const ended = snapshot();
      delay.reset();
      since = Date.now();
      return ended;
    },
  );
};
