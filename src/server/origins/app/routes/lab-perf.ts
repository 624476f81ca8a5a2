import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';

/** How often libuv samples the loop. */
const RESOLUTION_MS = 10;
/**
 * The histogram holds the time between samples, which includes the sampling
 * interval itself: the delay is what is left above it (as @fastify/under-pressure
 * reports it).
 */
const delayMs = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);

const perfSchema = {
  type: 'object',
  required: ['eventLoopDelayMs', 'rssBytes', 'maxRssBytes', 'sinceMs'],
  properties: {
    eventLoopDelayMs: {
      type: 'object',
      required: ['p50', 'p99', 'max', 'mean'],
      properties: {
        p50: { type: 'number' },
        p99: { type: 'number' },
        max: { type: 'number' },
        mean: { type: 'number' },
      },
    },
    rssBytes: { type: 'integer' },
    maxRssBytes: { type: 'integer' },
    sinceMs: { type: 'integer' },
  },
} as const;

/**
 * Lab view of the server's own health: how late the event loop ran (a
 * bcrypt hash on the loop would show here as a stall every other request
 * feels), and memory. `npm run bench` reads it during its login storm.
 */
export async function labPerfRoutes(app: FastifyInstance): Promise<void> {
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
        response: { 200: perfSchema },
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
        response: { 200: perfSchema },
      },
    },
    async () => {
      const ended = snapshot();
      delay.reset();
      since = Date.now();
      return ended;
    },
  );
}
