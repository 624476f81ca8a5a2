import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestLab, useTestLab } from '../helpers';

const CARD = 'sessions-cookie-flags';
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../drills/fixtures', name), 'utf8');
const customDeck = (topic: string, cardId: string) =>
  `---\ntopic: ${topic}\ntitle: Custom ${topic}\ncurriculum: 3\n---\n\n## card ${cardId}\nQ: What is a custom card?\nLab: session-lab#csrf\n\n### 30s\nShort.\n\n### 2min\nLong.\n\n### Key points\n- One [match: alpha]\n- Two [match: beta]\n`;

describe('drill routes', () => {
  const h = useTestLab();

  it('GET /api/drills/cards returns the contract fields', async () => {
    const res = await h.call('GET', '/api/drills/cards');
    expect(res.status).toBe(200);
    const card = res.body.find((c: { id: string }) => c.id === CARD);
    expect(card).toMatchObject({
      topic: 'sessions',
      question: expect.any(String),
      answer30s: expect.any(String),
      answer2min: expect.any(String),
      keyPoints: expect.arrayContaining([{ text: expect.any(String), match: expect.arrayContaining(['httponly']) }]),
      labLink: { lab: 'session-lab', step: 'cookie' },
      kind: 'concept',
      followUps: expect.any(Array),
      wrongAnswers: expect.any(Array),
    });
  });

  it('scores a typed answer: which points were hit, by which words, and which were missed', async () => {
    const res = await h.call('POST', '/api/drills/reviews', {
      json: {
        cardId: CARD,
        rating: 'good',
        answerText: 'HttpOnly so scripts cannot read it, SameSite=Lax against CSRF, but not Secure.',
        durationMs: 41_000,
      },
    });
    expect(res.status).toBe(200);
    const { coverage } = res.body;
    expect(coverage.points[0]).toMatchObject({ hit: true, matchedBy: 'httponly', phrase: 'HttpOnly' });
    expect(coverage.points[1]).toMatchObject({ hit: false, negated: 'not … Secure' });
    expect(coverage.points[2]).toMatchObject({ hit: true });
    expect(coverage.hits).toBe(coverage.points.filter((p: { hit: boolean }) => p.hit).length);
    expect(Date.parse(res.body.due)).toBeGreaterThan(Date.now() - 60_000);
  });

  it.each([
    ['unknown cardId', { cardId: 'no-such-card', rating: 'good' }, 404, 'not_found'],
    ['bad rating', { cardId: CARD, rating: 'perfect' }, 400, 'invalid_request'],
    ['rating as number', { cardId: CARD, rating: 3 }, 400, 'invalid_request'],
    ['missing rating', { cardId: CARD }, 400, 'invalid_request'],
    ['extra field', { cardId: CARD, rating: 'good', score: 1 }, 400, 'invalid_request'],
    ['negative duration', { cardId: CARD, rating: 'good', durationMs: -1 }, 400, 'invalid_request'],
    ['duration as string', { cardId: CARD, rating: 'good', durationMs: '1000' }, 400, 'invalid_request'],
    [
      'answer over 8 000 chars (a real answer is ~300 words)',
      { cardId: CARD, rating: 'good', answerText: 'x'.repeat(8_001) },
      400,
      'invalid_request',
    ],
    [
      'answer over the body limit',
      { cardId: CARD, rating: 'good', answerText: 'x'.repeat(70_000) },
      413,
      'body_too_large',
    ],
  ])('POST /api/drills/reviews rejects %s', async (_name, json, status, code) => {
    const res = await h.call('POST', '/api/drills/reviews', { json });
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(code);
  });

  it.each([
    ['bad limit', '/api/drills/due?limit=0'],
    ['unknown query field', '/api/drills/due?sort=x'],
    ['bad new flag', '/api/drills/due?new=yes'],
  ])('GET /api/drills/due rejects %s', async (_name, path) => {
    const res = await h.call('GET', path);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('creates <dataDir>/drills on start, for instructors to drop decks into', () => {
    expect(existsSync(join(h.dataDir, 'drills'))).toBe(true);
  });

  it('lists decks with no load errors', async () => {
    const res = await h.call('GET', '/api/drills/decks');
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.decks).toHaveLength(40);
    expect(res.body.decks[0]).toMatchObject({ source: 'shipped', cards: expect.any(Number) });
  });

  it('imports a Markdown deck into the data dir, and exports it as Markdown and JSON', async () => {
    const markdown = customDeck('my-topic', 'my-card');
    const res = await h.call('POST', '/api/drills/decks', { json: { markdown } });
    expect(res.status).toBe(201);
    expect(res.body.deck).toMatchObject({ topic: 'my-topic', source: 'custom', cards: 1 });
    expect(readFileSync(join(h.dataDir, 'drills', 'my-topic.md'), 'utf8')).toBe(markdown);
    expect((await h.call('GET', '/api/drills/cards?topic=my-topic')).body).toHaveLength(1);
    const md = await h.call('GET', '/api/drills/decks/my-topic/export');
    expect(md.headers.get('content-type')).toContain('text/markdown');
    expect(md.text).toBe(markdown);
    const json = await h.call('GET', '/api/drills/decks/my-topic/export?format=json');
    expect(json.body).toMatchObject({ topic: 'my-topic', cards: [{ id: 'my-card' }] });
    // A JSON deck imports too (here: the same deck under a new topic and card id).
    const copy = { ...json.body, topic: 'my-copy', cards: [{ ...json.body.cards[0], id: 'my-copy-card' }] };
    const again = await h.call('POST', '/api/drills/decks', { json: { deck: copy } });
    expect(again.status).toBe(201);
    expect(again.body.deck).toMatchObject({ topic: 'my-copy', cards: 1 });
  });

  it.each([
    ['a deck with broken cards', { markdown: fixture('broken.md') }, 'invalid_deck'],
    ['a shipped topic', { markdown: customDeck('pkce', 'new-pkce-card') }, 'invalid_deck'],
    ['a card id of another deck', { markdown: customDeck('other', CARD) }, 'invalid_deck'],
    ['no front matter', { markdown: '## card x\nQ: y' }, 'invalid_deck'],
    ['a JSON deck without cards', { deck: { topic: 'x', title: 'y', curriculum: [3] } }, 'invalid_deck'],
    ['a JSON card without fields', { deck: { topic: 'x', title: 'y', curriculum: [3], cards: [{}] } }, 'invalid_deck'],
    ['both forms', { markdown: 'x', deck: {} }, 'invalid_request'],
    ['an empty body', {}, 'invalid_request'],
  ])('POST /api/drills/decks rejects %s with a clear code', async (_name, json, code) => {
    const res = await h.call('POST', '/api/drills/decks', { json });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(code);
    expect(res.body.message).toEqual(expect.any(String));
  });

  it('names the file line of each problem when a deck import fails', async () => {
    const res = await h.call('POST', '/api/drills/decks', { json: { markdown: fixture('broken.md') } });
    const line = fixture('broken.md').split('\n').indexOf('- A point without one') + 1;
    expect(res.body.errors).toContainEqual({
      file: 'import.md',
      line,
      message: expect.stringContaining('[match:'),
    });
  });

  it('exporting an unknown deck is a 404', async () => {
    const res = await h.call('GET', '/api/drills/decks/nope/export');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
  });

  it('progress export then import merges without duplicating', async () => {
    await h.call('POST', '/api/drills/reviews', { json: { cardId: 'pkce-code-interception', rating: 'hard' } });
    const exported = (await h.call('GET', '/api/drills/progress')).body;
    expect(exported.format).toBe('authlab-drills-progress');
    const count = exported.reviews.length;
    expect(count).toBeGreaterThanOrEqual(2);
    const same = await h.call('POST', '/api/drills/progress', { json: exported });
    expect(same.body).toEqual({ imported: 0, duplicates: count, unknownCards: 0 });
    // Into a fresh lab: everything is new, and card state is rebuilt from the reviews.
    const other = await startTestLab();
    try {
      const res = await other.call('POST', '/api/drills/progress', { json: exported });
      expect(res.body).toEqual({ imported: count, duplicates: 0, unknownCards: 0 });
      const stats = (await other.call('GET', '/api/drills/stats')).body;
      expect(stats.totalReviews).toBe(count);
      const mine = (await h.call('GET', '/api/drills/due?new=false&limit=100')).body;
      const theirs = (await other.call('GET', '/api/drills/due?new=false&limit=100')).body;
      expect(theirs.map((c: { id: string }) => c.id)).toEqual(mine.map((c: { id: string }) => c.id));
    } finally {
      await other.close();
    }
  });

  const review = { id: 'r1', cardId: CARD, rating: 'good', reviewedAt: '2026-01-01T00:00:00.000Z' };
  const file = (reviews: unknown) => ({ format: 'authlab-drills-progress', version: 1, exportedAt: 'x', reviews });
  it.each([
    ['another format', { format: 'anki', version: 1, reviews: [] }],
    ['a future version', { ...file([]), version: 2 }],
    ['no reviews list', { format: 'authlab-drills-progress', version: 1 }],
    ['a bad rating', file([{ ...review, rating: 'great' }])],
    ['a bad date', file([{ ...review, reviewedAt: 'yesterday' }])],
    ['a six-digit year', file([{ ...review, reviewedAt: '+275760-09-13T00:00:00.000Z' }])],
    ['a date before 2000', file([{ ...review, reviewedAt: '1970-01-01T00:00:00.000Z' }])],
    ['a date in the future', file([{ ...review, reviewedAt: '2999-01-01T00:00:00.000Z' }])],
    ['a date with a local offset', file([{ ...review, reviewedAt: '2026-01-01T00:00:00+02:00' }])],
    ['a missing id', file([{ ...review, id: undefined }])],
    ['coverage above 1', file([{ ...review, coverage: 2 }])],
    ['a review that is not an object', file(['r1'])],
  ])('POST /api/drills/progress rejects %s with invalid_progress_file', async (_name, json) => {
    const res = await h.call('POST', '/api/drills/progress', { json });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_progress_file');
  });

  it('POST /api/drills/progress rejects a body that is not JSON', async () => {
    const res = await h.call('POST', '/api/drills/progress', {
      body: '{"format":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_json');
  });

  it('lists every drill route in the OpenAPI document', async () => {
    const doc = (await h.call('GET', '/api/docs/json')).body;
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const route of [
      'GET /api/drills/cards',
      'GET /api/drills/due',
      'POST /api/drills/reviews',
      'GET /api/drills/stats',
      'GET /api/drills/decks',
      'POST /api/drills/decks',
      'GET /api/drills/decks/{topic}/export',
      'GET /api/drills/progress',
      'POST /api/drills/progress',
    ]) {
      expect(documented).toContain(route);
    }
  });
});
