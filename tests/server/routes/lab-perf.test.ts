import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';

describe('GET /api/lab/perf', () => {
  const h = useTestLab({ listen: true });

  it('reports a stall of the event loop, and forgets it after a reset', async () => {
    await h.call('POST', '/api/lab/perf/reset');
    // The first sample after a reset only sets the baseline: let one pass.
    await new Promise((resolve) => setTimeout(resolve, 30));
    // The lab runs in this process: blocking here blocks its event loop.
    const until = performance.now() + 150;
    while (performance.now() < until) {
      /* a synchronous stall, like a bcrypt hash on the loop */
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    const stalled = await h.call('GET', '/api/lab/perf');
    expect(stalled.status).toBe(200);
    expect(stalled.body.eventLoopDelayMs.max).toBeGreaterThanOrEqual(120);

    const ended = await h.call('POST', '/api/lab/perf/reset');
    expect(ended.body.eventLoopDelayMs.max).toBeGreaterThanOrEqual(120);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await h.call('GET', '/api/lab/perf');
    expect(after.body.eventLoopDelayMs.max).toBeLessThan(100);
  });

  it('reports the memory in use and its peak', async () => {
    const { body } = await h.call('GET', '/api/lab/perf');
    expect(body.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(body.maxRssBytes).toBeGreaterThanOrEqual(body.rssBytes * 0.9);
  });
});
