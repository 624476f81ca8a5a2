import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreAnswer } from '../../../src/common/drills/matcher';
import { LABS } from '../../../src/common/labs';
import { DeckLibrary } from '../../../src/server/labs/drills/deck-library';
import { deckToJson, deckToMarkdown } from '../../../src/server/labs/drills/deck-markdown';
import { parseDeck } from '../../../src/server/labs/drills/parse-deck';
import { freshDataDir } from '../helpers';

const SHIPPED = join(import.meta.dirname, '../../../resources/drills');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const shipped = () => new DeckLibrary(SHIPPED, join(freshDataDir(), 'drills'));

describe('shipped drill decks', () => {
  it('every shipped card parses, with no errors', () => {
    const library = shipped();
    expect(library.errors).toEqual([]);
    const headings = readdirSync(SHIPPED)
      .filter((f) => /^[a-z].*\.md$/.test(f))
      .map((f) => readFileSync(join(SHIPPED, f), 'utf8').match(/^## card /gm)?.length ?? 0)
      .reduce((a, b) => a + b, 0);
    expect(library.cards.length).toBe(headings);
    expect(library.cards.length).toBeGreaterThanOrEqual(160);
  });

  it('every CURRICULUM topic from 1 to 40 has at least three cards', () => {
    const cards = shipped().cards;
    // CURRICULUM.md lists 40 drill topics (25-34 came with the 2025 standards review, 35-40 with the 2026 one).
    for (let n = 1; n <= 40; n++) {
      const count = cards.filter((c) => c.curriculum.includes(n)).length;
      expect(count, `curriculum topic ${n}`).toBeGreaterThanOrEqual(3);
    }
    // 41 is past the end of the curriculum: the loader refuses it.
    expect(parseDeck('x.md', '---\ntopic: a\ntitle: t\ncurriculum: 41\n---\n').errors[0]).toMatchObject({ line: 4 });
  });

  it('the decks of topics 25-40 hold full cards: both answers, key points with synonyms, follow-ups', () => {
    const decks = shipped().decks.filter((d) => d.header.curriculum.some((n) => n >= 25));
    expect(decks.length).toBeGreaterThanOrEqual(16);
    for (const deck of decks) {
      expect(deck.cards.length, deck.header.topic).toBeGreaterThanOrEqual(3);
      for (const card of deck.cards) {
        expect(card.answer30s.length, card.id).toBeGreaterThan(200);
        expect(card.answer2min.length, card.id).toBeGreaterThan(card.answer30s.length);
        expect(card.keyPoints.length, card.id).toBeGreaterThanOrEqual(4);
        // Synonyms: most key points accept more than one phrase.
        const withSynonyms = card.keyPoints.filter((k) => k.match.length >= 2).length;
        expect(withSynonyms, card.id).toBeGreaterThanOrEqual(card.keyPoints.length - 1);
        expect(card.followUps.length, card.id).toBeGreaterThanOrEqual(2);
        expect(card.wrongAnswers.length, card.id).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('every lab link names a real lab and one of its canonical steps', () => {
    const links = shipped().cards.flatMap((c) => (c.labLink ? [c.labLink] : []));
    expect(links.length).toBeGreaterThan(50);
    for (const link of links) {
      const lab = LABS.find((l) => l.id === link.lab);
      expect(lab, link.lab).toBeDefined();
      if (link.step) expect(lab!.steps as readonly string[]).toContain(link.step);
    }
  });

  it('every lab link opens a built lab at one of the steps its declaration lists', () => {
    for (const card of shipped().cards) {
      if (!card.labLink) continue;
      const { lab: id, step } = card.labLink;
      const lab = LABS.find((l) => l.id === id);
      expect(lab?.ready, `${card.id}: ${id} is built`).toBe(true);
      if (lab!.steps.length > 0) expect(lab!.steps as readonly string[], card.id).toContain(step);
    }
  });

  it('spot-the-bug cards carry their code', () => {
    const bugs = shipped().cards.filter((c) => c.kind === 'spot-the-bug');
    expect(bugs.length).toBeGreaterThan(0);
    for (const card of bugs) expect(card.code?.text.length).toBeGreaterThan(10);
  });

  it("the model 2-minute answer of every card covers most of that card's own key points", () => {
    for (const card of shipped().cards) {
      const coverage = scoreAnswer(`${card.answer30s}\n${card.answer2min}`, card.keyPoints);
      expect(coverage.ratio, card.id).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('scores sample answers to a real card, with synonyms and negations', () => {
    const card = shipped().byId.get('sessions-cookie-flags')!;
    const good = scoreAnswer(
      'Mark it http-only so document.cookie cannot see it, Secure so it only travels over TLS, ' +
        'same-site Lax against cross-site posts, and a Max-Age no longer than the server timeout.',
      card.keyPoints,
    );
    expect(good.points.slice(0, 4).map((p) => p.hit)).toEqual([true, true, true, true]);
    expect(good.points[0]).toMatchObject({ phrase: 'http-only' });
    expect(good.points[2]).toMatchObject({ phrase: 'same-site' });
    const negated = scoreAnswer('The cookie does not need HttpOnly and never uses SameSite.', card.keyPoints);
    expect(negated.points[0]).toMatchObject({ hit: false, negated: expect.stringContaining('HttpOnly') });
    expect(negated.points[2]).toMatchObject({ hit: false, negated: expect.stringContaining('SameSite') });
    expect(negated.suggestedRating).toBe('again');
  });

  it('round-trips through JSON and back to Markdown', () => {
    const library = shipped();
    for (const deck of library.decks) {
      const again = parseDeck('x.md', deckToMarkdown(deckToJson(deck.header, deck.cards)));
      expect(again.errors).toEqual([]);
      expect(again.cards).toEqual(deck.cards);
    }
  });
});

describe('broken decks', () => {
  it('reports each broken card with its file and line, and still loads the good ones', () => {
    const source = readFileSync(join(FIXTURES, 'broken.md'), 'utf8');
    const lineOf = (text: string) => source.split('\n').findIndex((l) => l.includes(text)) + 1;
    const deck = parseDeck('broken.md', source);
    expect(deck.cards.map((c) => c.id)).toEqual(['fixture-good', 'fixture-spot-the-bug']);
    expect(deck.cards[1]!.code).toEqual({
      lang: 'ts',
      text: '## not a heading inside a fence\nconst token = jwt.decode(raw);',
    });
    expect(deck.errors).toEqual([
      { file: 'broken.md', line: lineOf('A point without one'), message: expect.stringContaining('[match:') },
      {
        file: 'broken.md',
        line: lineOf('#refresh-rotation'),
        message: expect.stringContaining('no step "refresh-rotation"'),
      },
      {
        file: 'broken.md',
        line: lineOf('Lab: kerberos-lab'),
        message: expect.stringContaining('"kerberos-lab" names no lab'),
      },
      { file: 'broken.md', line: lineOf('## card fixture-no-2min'), message: expect.stringContaining('no "### 2min"') },
    ]);
  });

  it('parses a hostile key-point line (a huge run of spaces) in linear time and reports it', () => {
    // A backtracking regex took minutes on this line; the test timeout would catch a regression.
    const good = readFileSync(join(FIXTURES, 'broken.md'), 'utf8');
    const hostile = good.replace('- A point without one', `- A point${' '.repeat(200_000)}[match: x`);
    const deck = parseDeck('hostile.md', hostile);
    expect(deck.errors.some((e) => e.message.includes('[match:'))).toBe(true);
    expect(deck.cards.map((c) => c.id)).toContain('fixture-good');
  });

  it('rejects bad front matter with a line number, and loads nothing from that file', () => {
    const deck = parseDeck('x.md', '---\ntopic: Not A Slug\ntitle: t\ncurriculum: 3\n---\n');
    expect(deck.header).toBeNull();
    expect(deck.errors).toEqual([{ file: 'x.md', line: 2, message: expect.stringContaining('slug') }]);
    expect(parseDeck('y.md', '---\ntopic: a\ntitle: t\ncurriculum: 99\n---\n').errors[0]).toMatchObject({ line: 4 });
    expect(parseDeck('z.md', '# no front matter').errors[0]).toMatchObject({ line: 1 });
  });

  it('a deck dropped into <dataDir>/drills loads alongside the shipped ones; duplicates are reported', () => {
    const custom = join(freshDataDir(), 'drills');
    mkdirSync(custom, { recursive: true });
    copyFileSync(join(FIXTURES, 'broken.md'), join(custom, 'broken.md'));
    copyFileSync(join(SHIPPED, 'pkce.md'), join(custom, 'pkce-copy.md'));
    const library = new DeckLibrary(SHIPPED, custom);
    expect(library.byId.get('fixture-good')).toMatchObject({ topic: 'broken-fixture' });
    expect(library.decks.find((d) => d.header.topic === 'broken-fixture')!.summary.source).toBe('custom');
    expect(library.errors.map((e) => e.file)).toContain(`${custom}/broken.md`);
    expect(library.errors).toContainEqual({
      file: `${custom}/pkce-copy.md`,
      line: 2,
      message: 'Topic "pkce" is already used by another deck.',
    });
    expect(library.cards.length).toBe(shipped().cards.length + 2);
  });

  it('an imported deck never overwrites an instructor\u2019s file that happens to have its name', () => {
    const custom = join(freshDataDir(), 'drills');
    mkdirSync(custom, { recursive: true });
    // broken.md holds the topic "broken-fixture"; an import of topic "broken" would be named broken.md too.
    copyFileSync(join(FIXTURES, 'broken.md'), join(custom, 'broken.md'));
    const library = new DeckLibrary(SHIPPED, custom);
    const source = readFileSync(join(FIXTURES, 'broken.md'), 'utf8');
    const before = readFileSync(join(custom, 'broken.md'), 'utf8');
    const imported = source
      .replace('topic: broken-fixture', 'topic: broken')
      .replaceAll('## card fixture-', '## card imported-');
    library.saveCustom('broken', imported);
    expect(readFileSync(join(custom, 'broken.md'), 'utf8')).toBe(before);
    expect(readdirSync(custom).sort()).toEqual(['broken-2.md', 'broken.md']);
    expect(library.deck('broken')).toBeDefined();
    expect(library.deck('broken-fixture')).toBeDefined();
  });
});
