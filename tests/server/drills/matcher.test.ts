import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { MAX_ANSWER_CHARS, scoreAnswer, stem, suggestRating } from '../../../src/common/drills/matcher';
import type { KeyPoint } from '../../../src/common/drills/types';
import { DeckLibrary } from '../../../src/server/labs/drills/deck-library';
import { freshDataDir } from '../helpers';
import { growthBeyondLinear, interleavedMedians } from '../helpers/timing';

const cookiePoints: KeyPoint[] = [
  { text: 'HttpOnly stops script reading the cookie', match: ['httponly', 'javascript cannot read'] },
  { text: 'Secure: HTTPS only', match: ['secure', 'https only'] },
  { text: 'SameSite limits cross-site sending', match: ['samesite', 'lax', 'strict'] },
  { text: 'Rotate the id at login', match: ['rotate', 'regenerate'] },
];

describe('key-point matcher', () => {
  it('finds points case-insensitively, with hyphens and spaces interchangeable and words run together', () => {
    const result = scoreAnswer('Set it Http-Only and make it SECURE; same site too.', cookiePoints);
    expect(result.points.map((p) => p.hit)).toEqual([true, true, true, false]);
    expect(result.points[0]).toMatchObject({ matchedBy: 'httponly', phrase: 'Http-Only' });
    expect(result.points[2]).toMatchObject({ matchedBy: 'samesite', phrase: 'same site' });
    expect(result).toMatchObject({ hits: 3, total: 4, ratio: 0.75, suggestedRating: 'good' });
  });

  it('tolerates plurals and tense (rotated, regenerating)', () => {
    expect(scoreAnswer('the session id is rotated', cookiePoints).points[3]!.hit).toBe(true);
    expect(scoreAnswer('regenerating the session id', cookiePoints).points[3]).toMatchObject({
      hit: true,
      matchedBy: 'regenerate',
    });
    expect(stem('cookies')).toBe(stem('cookie'));
    expect(stem('policies')).toBe(stem('policy'));
    expect(stem('https')).not.toBe(stem('http'));
  });

  it('matches whole words only', () => {
    const points: KeyPoint[] = [
      { text: 'salt', match: ['salt'] },
      { text: 'lax', match: ['lax'] },
    ];
    expect(scoreAnswer('use a salty relaxed approach', points).hits).toBe(0);
  });

  it('does not count a point the answer negates, and says why', () => {
    const result = scoreAnswer('The cookie is not HttpOnly, and it does not need Secure.', cookiePoints);
    expect(result.points[0]).toMatchObject({ hit: false, negated: 'not … HttpOnly' });
    expect(result.points[1]!.hit).toBe(false);
    // A negation in an earlier clause does not reach across the comma.
    expect(scoreAnswer('Never store it in localStorage, use an HttpOnly cookie', cookiePoints).points[0]!.hit).toBe(
      true,
    );
  });

  it('a point is hit by a later, un-negated mention even after a negated one', () => {
    const result = scoreAnswer('not strict, but lax is the default', cookiePoints);
    expect(result.points[2]).toMatchObject({ hit: true, matchedBy: 'lax' });
  });

  it('multi-word alternatives must appear in order within a clause', () => {
    const points: KeyPoint[] = [
      { text: 'hash the id', match: ['hash the id'] },
      { text: 'x', match: ['x'] },
    ];
    expect(scoreAnswer('We hash the ID before storing it', points).points[0]!.hit).toBe(true);
    expect(scoreAnswer('the id, hash', points).points[0]!.hit).toBe(false);
  });

  it('an empty answer covers nothing and suggests "again"', () => {
    expect(scoreAnswer('', cookiePoints)).toMatchObject({ hits: 0, ratio: 0, suggestedRating: 'again' });
  });

  it('suggests a rating that rises with coverage', () => {
    expect([0, 0.3, 0.6, 0.9, 1].map(suggestRating)).toEqual(['again', 'hard', 'good', 'easy', 'easy']);
  });
});

describe('key-point matcher on hostile input (event-loop guard)', () => {
  // The shipped card with the most phrases to look for is the most work per answer word.
  const library = new DeckLibrary(join(process.cwd(), 'resources/drills'), join(freshDataDir(), 'drills'));
  const phrases = (points: readonly KeyPoint[]) => points.flatMap((p) => p.match).length;
  const card = [...library.cards].sort((a, b) => phrases(b.keyPoints) - phrases(a.keyPoints))[0]!;
  const fill = (unit: string, chars: number) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);

  it('reads no more than the longest answer the API accepts', () => {
    const long = fill('filler ', MAX_ANSWER_CHARS) + ' httponly';
    expect(scoreAnswer(long, [{ text: 'HttpOnly', match: ['httponly'] }]).hits).toBe(0);
  });

  it('scores the worst answers in time linear in their length, and reads no more than the accepted length', async () => {
    const everyPhrase = card.keyPoints.flatMap((p) => p.match).join(' ');
    const shapes = ['a ', 'not ', `not ${everyPhrase}, `, 'http only same site '];
    const answers = (chars: number) => shapes.map((unit) => fill(unit, chars));
    const score = (all: string[]) => all.forEach((answer) => scoreAnswer(answer, card.keyPoints));
    // One answer of the accepted length against sixteen of a sixteenth: the same work when scoring
    // is linear; the quadratic scan this replaced did sixteen times more (700 ms and more at full length).
    const growth = await growthBeyondLinear((scale) => answers((scale * MAX_ANSWER_CHARS) / 16), score, 16);
    expect(growth).toBeLessThan(4);
    // Twenty-five times the accepted length costs about what the accepted length does: the matcher
    // must cap what it reads, not just be fast.
    const [acceptedAnswers, hugeAnswers] = [answers(MAX_ANSWER_CHARS), answers(25 * MAX_ANSWER_CHARS)];
    const [accepted, huge] = await interleavedMedians([() => score(acceptedAnswers), () => score(hugeAnswers)]);
    expect(huge! / accepted!).toBeLessThan(4);
  });
});
