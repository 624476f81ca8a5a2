import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TrafficEntry } from '../../../../common/api';
import { Type } from 'typebox';
import { errorResponses } from '../../../../common/schemas/common';
import type { LabContext } from '../../../core/context';
import { LabError } from '../../../core/errors';

const HEARTBEAT_MS = 15_000;
/** Live streams open at once; the traffic drawer needs one per window. */
export const MAX_STREAMS = 20;
/** What a reconnecting stream is replayed at most: the newest exchanges that fit. */
export const MAX_REPLAY_BYTES = 1024 * 1024;
/** Unsent data one stream may hold; a reader further behind is disconnected (it reconnects and catches up). */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

const frame = (entry: TrafficEntry) => `id: ${entry.id}\nevent: exchange\ndata: ${JSON.stringify(entry)}\n\n`;
/** A change of the lab's state, without an id: a reconnecting page reloads that state instead of replaying it. */
const labFrame = (event: 'toggles' | 'clock', data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** The newest replayed frames whose total size fits the budget, oldest first. */
function replayFrames(entries: TrafficEntry[]): string[] {
  const frames: string[] = [];
  let bytes = 0;
  for (let i = entries.length - 1; i >= 0; i--) {
    const text = frame(entries[i]!);
    bytes += Buffer.byteLength(text);
    if (bytes > MAX_REPLAY_BYTES) break;
    frames.push(text);
  }
  return frames.reverse();
}

/**
 * Server-sent events of recorded exchanges. A reconnecting EventSource sends
 * Last-Event-ID, and the stream replays what it missed from the database.
 * One client must not exhaust the server (ASVS 5.0 V2.4.1 / OWASP API4:2023
 * unrestricted resource consumption): streams are counted, the replay is
 * capped in bytes, and a reader that stops reading is disconnected instead
 * of being buffered for without end.
 */
export const trafficStreamRoute =
  (ctx: LabContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    let open = 0;
    app.get(
      '/api/lab/traffic/stream',
      {
        schema: {
          tags: ['lab'],
          summary: 'Live exchanges, and changes of the toggles and the clock, as server-sent events',
          // A reconnecting EventSource says which exchange it saw last.
          headers: Type.Object({ 'last-event-id': Type.Optional(Type.String()) }),
          response: errorResponses(503),
        },
      },
      (request, reply) => {
        if (open >= MAX_STREAMS) {
          reply.header('retry-after', '5');
          throw new LabError(
            503,
            'too_many_streams',
            `At most ${MAX_STREAMS} live traffic streams may be open at once. Close another window and retry.`,
          );
        }
        open += 1;
        const lastId = Number(request.headers['last-event-id'] ?? 0);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-content-type-options': 'nosniff',
        });
        let stopped = false;
        // write() returning false only means "above the high-water mark"; the
        // reader is cut off once it is a whole budget behind.
        const write = (text: string) => {
          if (stopped) return;
          res.write(text);
          if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
        };
        write('retry: 2000\n\n');
        if (Number.isInteger(lastId) && lastId > 0) replayFrames(ctx.recorder.list({ afterId: lastId })).forEach(write);
        const unsubscribeTraffic = ctx.recorder.subscribe(
          (entry) => write(frame(entry)),
          () => write('event: cleared\ndata: {}\n\n'),
        );
        // Every open page shows the toggles and the clock the server runs under, whichever window changed them.
        const unsubscribeToggles = ctx.toggles.onChange((toggles) => write(labFrame('toggles', toggles)));
        const unsubscribeClock = ctx.clock.onChange(() => write(labFrame('clock', ctx.clock.snapshot())));
        const unsubscribe = () => {
          unsubscribeTraffic();
          unsubscribeToggles();
          unsubscribeClock();
        };
        const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
        const stop = () => {
          if (stopped) return;
          stopped = true;
          open -= 1;
          clearInterval(heartbeat);
          unsubscribe();
        };
        res.on('close', stop);
        res.on('error', stop);
      },
    );
  };
