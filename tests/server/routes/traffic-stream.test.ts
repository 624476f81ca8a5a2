import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_BUFFERED_BYTES,
  MAX_REPLAY_BYTES,
  MAX_STREAMS,
} from '../../../src/server/origins/app/routes/traffic-stream';
import { useTestLab, type LabHarness } from '../helpers';

const h = useTestLab({ listen: true, resetBeforeEach: true });

interface OpenStream {
  req: ClientRequest;
  res: IncomingMessage;
}

const streams: OpenStream[] = [];
afterEach(() => {
  for (const s of streams.splice(0)) s.req.destroy();
});

/** Opens the stream with a raw request, so the test decides whether (and when) it reads. */
function openStream(harness: LabHarness, headers: Record<string, string> = {}): Promise<OpenStream> {
  const url = new URL(harness.lab.origins.app + '/api/lab/traffic/stream');
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers }, (res) => {
      const stream = { req, res };
      streams.push(stream);
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}

function readAll(res: IncomingMessage, quietMs = 300): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    let timer = setTimeout(() => resolve(text), quietMs * 5);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
      clearTimeout(timer);
      timer = setTimeout(() => resolve(text), quietMs);
    });
  });
}

const bigExchange = (harness: LabHarness, bytes: number) =>
  harness.lab.context.recorder.record({
    origin: 'app',
    method: 'POST',
    url: '/api/filler',
    status: 400,
    durationMs: 1,
    requestHeaders: {},
    responseHeaders: {},
    requestBody: 'x'.repeat(bytes),
    responseBody: null,
  });

async function waitFor(predicate: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('GET /api/lab/traffic/stream under load', () => {
  it('caps a Last-Event-ID replay in bytes and replays the newest exchanges', async () => {
    for (let i = 0; i < 60; i++) bigExchange(h, 100_000);
    const stream = await openStream(h, { 'last-event-id': '1' });
    const text = await readAll(stream.res);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_REPLAY_BYTES + 1024);
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThan(0);
    const newest = (await h.call('GET', '/api/lab/traffic?limit=1')).body[0].id;
    expect(ids.at(-1)).toBe(newest);
  });

  it(`refuses stream ${MAX_STREAMS + 1} with 503 { error, message }, without a MaxListenersExceededWarning`, async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < MAX_STREAMS; i++) expect((await openStream(h)).res.statusCode).toBe(200);
      const refused = await h.call('GET', '/api/lab/traffic/stream');
      expect(refused.status).toBe(503);
      expect(refused.body).toEqual({ error: 'too_many_streams', message: expect.any(String) });
      expect(refused.headers.get('retry-after')).toBeTruthy();
      // A closed stream frees its place.
      streams.pop()!.req.destroy();
      await waitFor(async () => {
        const next = await openStream(h);
        if (next.res.statusCode === 200) return true;
        streams.pop()!.req.destroy();
        return false;
      });
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('disconnects a reader that stops reading instead of buffering for it without end', async () => {
    const slow = await openStream(h);
    slow.res.pause();
    slow.res.on('error', () => {});
    const ended = new Promise<boolean>((resolve) => {
      slow.res.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 10_000);
    });
    // Far more than the socket buffers and the per-stream budget together.
    for (let i = 0; i < 40; i++) {
      for (let k = 0; k < 5; k++) bigExchange(h, 200_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Once it reads again it gets what was already sent, then the end: the server let go of it.
    slow.res.resume();
    expect(await ended).toBe(true);
    expect(MAX_BUFFERED_BYTES).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('GET /api/lab/traffic/stream: changes of the lab state', () => {
  it('sends the new toggles and the new clock to every open stream, whoever changed them', async () => {
    const stream = await openStream(h);
    const text = readAll(stream.res);
    await h.call('PUT', '/api/lab/toggles', { json: { 'login.uniformErrors': false } });
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 60_000 } });
    const frames = await text;
    const toggles = /^event: toggles\ndata: (.*)$/m.exec(frames);
    expect(JSON.parse(toggles![1]!)).toMatchObject({ 'login.uniformErrors': false, 'login.constantTime': true });
    const clock = /^event: clock\ndata: (.*)$/m.exec(frames);
    expect(JSON.parse(clock![1]!)).toMatchObject({ offsetMs: 60_000 });
  });
});
