import { afterEach, describe, expect, it } from 'vitest';
import { startTestLab, type LabHarness } from '../helpers';

const CARD = 'sessions-cookie-flags';
const DAY = 86_400_000;

describe('drill scheduling (FSRS on the lab clock)', () => {
  let open: LabHarness[] = [];
  const start = async (dataDir?: string) => {
    const h = await startTestLab(dataDir);
    open.push(h);
    return h;
  };
  afterEach(async () => {
    await Promise.all(open.map((h) => h.close()));
    open = [];
  });

  it('the next due time moves in rating order: again < hard < good < easy', async () => {
    const h = await start();
    const cards = (await h.call('GET', '/api/drills/cards')).body as Array<{ id: string }>;
    const ratings = ['again', 'hard', 'good', 'easy'] as const;
    const dues: number[] = [];
    for (const [i, rating] of ratings.entries()) {
      const res = await h.call('POST', '/api/drills/reviews', { json: { cardId: cards[i]!.id, rating } });
      expect(res.status).toBe(200);
      dues.push(Date.parse(res.body.due));
    }
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(new Set(dues).size).toBe(4);
    // "easy" on an unseen card skips the learning steps and schedules days ahead.
    const now = Date.parse((await h.call('GET', '/api/lab/clock')).body.now);
    expect(dues[3]! - now).toBeGreaterThan(DAY);
  });

  it('uses the lab clock: a fast-forward brings a reviewed card back into the due queue', async () => {
    const h = await start();
    await h.call('POST', '/api/drills/reviews', { json: { cardId: CARD, rating: 'easy' } });
    const dueIds = async () =>
      ((await h.call('GET', '/api/drills/due?new=false')).body as Array<{ id: string }>).map((c) => c.id);
    expect(await dueIds()).not.toContain(CARD);
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 60 * DAY } });
    const due = (await h.call('GET', '/api/drills/due?new=false')).body;
    expect(due.map((c: { id: string }) => c.id)).toEqual([CARD]);
    expect(due[0].progress).toMatchObject({ state: 'review', reps: 1 });
  });

  it('progress survives a restart and POST /api/lab/reset', async () => {
    const first = await start();
    await first.call('POST', '/api/drills/reviews', { json: { cardId: CARD, rating: 'good', answerText: 'httponly' } });
    await first.call('POST', '/api/lab/reset', { json: {} });
    const afterReset = (await first.call('GET', '/api/drills/stats')).body;
    expect(afterReset.totalReviews).toBe(1);
    await first.close();
    open = [];
    const second = await start(first.dataDir);
    const stats = (await second.call('GET', '/api/drills/stats')).body;
    expect(stats).toMatchObject({ totalReviews: 1, reviewedCards: 1 });
    expect(stats.topics.find((t: { topic: string }) => t.topic === 'sessions')).toMatchObject({ reviewed: 1 });
    const progress = (await second.call('GET', '/api/drills/progress')).body;
    expect(progress.reviews).toEqual([expect.objectContaining({ cardId: CARD, rating: 'good', coverage: 0.2 })]);
  });

  it('the due queue lists overdue cards first, then unseen cards; filters by topic', async () => {
    const h = await start();
    const pkce = (await h.call('GET', '/api/drills/cards?topic=pkce')).body as Array<{ id: string; topic: string }>;
    expect(pkce.length).toBeGreaterThan(1);
    expect(pkce.every((c) => c.topic === 'pkce')).toBe(true);
    await h.call('POST', '/api/drills/reviews', { json: { cardId: pkce[1]!.id, rating: 'again' } });
    await h.call('POST', '/api/lab/clock', { json: { advanceMs: 3_600_000 } });
    const due = (await h.call('GET', '/api/drills/due?topic=pkce&limit=3')).body as Array<{
      id: string;
      progress: { state: string };
    }>;
    expect(due.map((c) => c.id)).toEqual([pkce[1]!.id, pkce[0]!.id, pkce[2]!.id]);
    expect(due.map((c) => c.progress.state)).toEqual(['learning', 'new', 'new']);
  });

  it('stats count reviews per day, retention, forecast and per-topic mastery', async () => {
    const h = await start();
    await h.call('POST', '/api/drills/reviews', { json: { cardId: CARD, rating: 'again' } });
    await h.call('POST', '/api/drills/reviews', { json: { cardId: CARD, rating: 'good' } });
    await h.call('POST', '/api/drills/reviews', { json: { cardId: 'pkce-code-interception', rating: 'easy' } });
    const stats = (await h.call('GET', '/api/drills/stats')).body;
    expect(stats.totalCards).toBeGreaterThanOrEqual(120);
    expect(stats.reviewsPerDay.at(-1)).toMatchObject({ reviews: 3, again: 1 });
    expect(stats.retention).toBeCloseTo(2 / 3);
    expect(stats.forecast).toHaveLength(14);
    expect(stats.forecast[0].due).toBe(1);
    const pkce = stats.topics.find((t: { topic: string }) => t.topic === 'pkce');
    expect(pkce).toMatchObject({ reviewed: 1, due: 0, retention: 1 });
    expect(pkce.mastery).toBeGreaterThan(0);
  });
});
