import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SelfCheckEvent } from '../../src/common/schemas/attacks';
import { ApiError, NdjsonLines, streamLines } from '../../src/renderer/src/api/client';
import {
  IDLE_SELF_CHECK,
  applySelfCheckEvent,
  selfCheckVerdict,
  type SelfCheckState,
} from '../../src/renderer/src/features/attacks/self-check';

const row = (id: string, offExploited: boolean, onBlocked: boolean, skipped: string | null = null): SelfCheckEvent => ({
  type: 'row',
  index: 0,
  id,
  offExploited,
  onBlocked,
  skipped,
  off: null,
  on: null,
});

/** A fetch answering with these chunks of text, one stream read each. */
function streamingFetch(chunks: string[], status = 200) {
  const encoder = new TextEncoder();
  return vi.fn(async (_path: string, _init: RequestInit) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    });
    return new Response(body, { status });
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('NDJSON lines', () => {
  it('joins a line the network cut in two, and skips blank lines', () => {
    const lines = new NdjsonLines();
    expect(lines.push('{"type":"start","to')).toEqual([]);
    expect(lines.push('tal":2}\n\n{"a":1}\n{"b"')).toEqual([{ type: 'start', total: 2 }, { a: 1 }]);
    expect(lines.push(':2}')).toEqual([]);
    expect(lines.end()).toEqual([{ b: 2 }]);
    expect(lines.end()).toEqual([]);
  });

  it('streams a POST line by line, whatever the chunk boundaries', async () => {
    const text = '{"type":"start","total":1}\n{"type":"done","stopped":false,"restored":true,"durationMs":5}\n';
    // Split in every possible place, including inside a multi-byte-free JSON token.
    for (const cut of [1, 13, text.indexOf('\n'), text.indexOf('\n') + 1, text.length - 1]) {
      const fetch = streamingFetch([text.slice(0, cut), text.slice(cut)]);
      vi.stubGlobal('fetch', fetch);
      const seen: unknown[] = [];
      await streamLines('/api/lab/attacks/check-all', (line) => seen.push(line));
      expect(seen).toEqual([
        { type: 'start', total: 1 },
        { type: 'done', stopped: false, restored: true, durationMs: 5 },
      ]);
      expect(fetch.mock.calls[0]![1].method).toBe('POST');
    }
  });

  it('turns a refused start into an ApiError with its stable code', async () => {
    vi.stubGlobal('fetch', streamingFetch(['{"error":"conflict","message":"A self-check is already running."}'], 409));
    const refused = streamLines('/api/lab/attacks/check-all', () => undefined);
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ status: 409, code: 'conflict' });
  });
});

describe('the self-check matrix', () => {
  const fold = (events: SelfCheckEvent[]) =>
    events.reduce<SelfCheckState>((state, event) => applySelfCheckEvent(state, event), IDLE_SELF_CHECK);
  const done: SelfCheckEvent = { type: 'done', stopped: false, restored: true, durationMs: 900 };

  it('says every defence holds when each attack worked with its defence off and failed with it on', () => {
    const state = fold([
      { type: 'start', total: 3 },
      row('csrf', true, true),
      row('theft', false, false, 'browser only'),
      row('algNone', true, true),
      done,
    ]);
    expect(state.rows.map((r) => r.id)).toEqual(['csrf', 'theft', 'algNone']);
    expect(selfCheckVerdict({ ...state, running: false })).toMatch(/^All defences hold.*\(1 not run/);
  });

  it('counts a defence that did not stop its attack, or an attack that failed with its defence off, as a problem', () => {
    const state = fold([{ type: 'start', total: 2 }, row('csrf', true, false), row('algNone', false, true), done]);
    expect(selfCheckVerdict({ ...state, running: false })).toBe('2 problems: see the red rows.');
  });

  it('says nothing until the run ended, and says when it was stopped', () => {
    const started = fold([{ type: 'start', total: 4 }, row('csrf', true, true)]);
    expect(selfCheckVerdict(started)).toBeNull();
    const stopped = applySelfCheckEvent(started, { ...done, stopped: true });
    expect(selfCheckVerdict({ ...stopped, running: false })).toBe('Stopped after 1 of 4 attacks.');
  });
});
