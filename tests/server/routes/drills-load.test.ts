import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestLab } from '../helpers';

const h = useTestLab({ listen: true });
const DAY = 86_400_000;

/** The longest the event loop stood still while `work` ran, measured by a 5 ms timer in this very process. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(probe);
  }
  return longest;
}

const someCard = async (): Promise<string> => (await h.call('GET', '/api/drills/cards')).body[0].id;

describe('drill progress at scale (event-loop guard)', () => {
  it('imports the largest accepted progress file without holding the server up', async () => {
    const cardId: string = await someCard();
    const start = h.lab.context.clock.nowMs() - 400 * DAY;
    // The worst allowed file: every review on one card, so one card's replay is as long as it gets.
    const reviews = Array.from({ length: 40_000 }, (_, i) => ({
      id: randomUUID(),
      cardId,
      rating: i % 7 === 0 ? 'again' : 'good',
      reviewedAt: new Date(start + i * 600_000).toISOString(),
      durationMs: 12_345,
      coverage: 0.5,
    }));
    const file = { format: 'authlab-drills-progress', version: 1, exportedAt: new Date().toISOString(), reviews };
    // Encoded beforehand: the test's own JSON.stringify would stall this process too.
    const body = JSON.stringify(file);
    let result: { status: number; body: any } | undefined;
    const started = performance.now();
    const stall = await longestStall(async () => {
      result = await h.call('POST', '/api/drills/progress', {
        body,
        headers: { 'content-type': 'application/json' },
      });
    });
    expect(result!.status).toBe(200);
    expect(result!.body).toEqual({ imported: 40_000, duplicates: 0, unknownCards: 0 });
    const duration = performance.now() - started;
    // In one transaction the import held the loop for all of its duration (1.2 s
    // here); in chunks the longest stall (parsing the 7.5 MB body, ~100 ms) is a
    // small part of it, however fast or slow the machine.
    expect(stall).toBeLessThan(duration / 2);
    expect(stall).toBeLessThan(1_500);
  });

  it('refuses a file over 40,000 reviews, or over its 10 MB body limit', async () => {
    const review = { id: 'r', cardId: 'c', rating: 'good', reviewedAt: '2020-01-01T00:00:00.000Z' };
    const tooMany = { format: 'authlab-drills-progress', version: 1, exportedAt: 'x', reviews: [] as unknown[] };
    tooMany.reviews = Array.from({ length: 40_001 }, (_, i) => ({ ...review, id: `r${i}` }));
    const many = await h.call('POST', '/api/drills/progress', { json: tooMany });
    expect(many.status).toBe(400);
    expect(many.body.error).toBe('invalid_progress_file');
    const huge = await h.call('POST', '/api/drills/progress', {
      json: { ...tooMany, reviews: [{ ...review, padding: 'x'.repeat(11 * 1024 * 1024) }] },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toBe('body_too_large');
  });

  it('answers GET /api/drills/stats quickly with 100,000 reviews', async () => {
    const db = h.lab.context.db;
    const cardId: string = await someCard();
    const now = h.lab.context.clock.nowMs();
    const insert = db.prepare('INSERT INTO drill_reviews (id, card_id, rating, reviewed_at) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 60_000; i++)
        insert.run(randomUUID(), i % 2 ? cardId : 'no-such-card', 'again', now - (i % 60) * DAY);
    })();
    const timings: number[] = [];
    let stats: any;
    for (let k = 0; k < 5; k++) {
      const started = performance.now();
      stats = (await h.call('GET', '/api/drills/stats')).body;
      timings.push(performance.now() - started);
    }
    // Reviews of cards no deck has are not counted; the imported 40,000 and 30,000 of these are.
    expect(stats.totalReviews).toBe(70_000);
    // The known card's reviews from the last 30 days (odd i, i % 60 under 30).
    let recent = 0;
    for (let i = 1; i < 60_000; i += 2) if (i % 60 < 30) recent += 1;
    expect(stats.reviewsPerDay.reduce((n: number, d: { reviews: number }) => n + d.reviews, 0)).toBe(recent);
    // About 15 ms here; loading every review took 0.26 to 2.3 s per call on this machine.
    expect(Math.min(...timings)).toBeLessThan(150);
  });
});
