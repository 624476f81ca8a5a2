import type { FastifyInstance } from 'fastify';
import type { TrafficEntry } from '../../../../common/api';
import type { LabContext } from '../../../core/context';

const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events of recorded exchanges. A reconnecting EventSource sends
 * Last-Event-ID, and the stream replays what it missed from the database.
 */
export function registerTrafficStream(app: FastifyInstance, ctx: LabContext): void {
  app.get(
    '/api/lab/traffic/stream',
    { schema: { tags: ['lab'], summary: 'Live exchanges as server-sent events' } },
    (request, reply) => {
      const lastId = Number(request.headers['last-event-id'] ?? 0);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      const send = (entry: TrafficEntry) =>
        res.write(`id: ${entry.id}\nevent: exchange\ndata: ${JSON.stringify(entry)}\n\n`);
      res.write('retry: 2000\n\n');
      if (Number.isInteger(lastId) && lastId > 0) ctx.recorder.list({ afterId: lastId }).forEach(send);
      const unsubscribe = ctx.recorder.subscribe(send, () => res.write('event: cleared\ndata: {}\n\n'));
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.raw.on('close', stop);
      res.on('error', stop);
    },
  );
}
