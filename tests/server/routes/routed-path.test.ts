import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';

const h = useTestLab({ resetBeforeEach: true });

/** Decisions by path read the path the router matched: an encoded path gets the same treatment as the route it reaches. */
describe('decisions by path follow the routed path, not the raw URL', () => {
  it('an encoded path to the catalogue is not recorded, and its answer is not cached', async () => {
    const res = await h.call('GET', '/api/%6Cab/attacks');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const recorded = h.lab.context.recorder.list({ limit: 500 }).map((e) => e.url);
    expect(recorded.filter((url) => /attacks/.test(url))).toEqual([]);
  });
});
