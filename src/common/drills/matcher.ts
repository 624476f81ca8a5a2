import type { Coverage, DrillRating, KeyPoint, PointResult } from './types';

/**
 * The key-point matcher: which of a card's key points a typed answer covers,
 * and by which words. It is deliberately simple so a learner can see why a
 * point counted or not:
 * - case-insensitive, on whole words; hyphens, underscores, slashes and spaces
 *   are interchangeable ("http-only" = "http only"), and a phrase also matches
 *   its words run together ("same site" = "samesite");
 * - light suffix tolerance: plural -s/-es/-ies, -ed and -ing are ignored
 *   ("rotates", "rotated", "rotating" all match "rotate");
 * - negation: a match is discarded when "not", "no", "never", "without",
 *   "don't"… comes up to three words before it in the same clause ("not
 *   HttpOnly" does not count).
 * Limits: no synonyms beyond the card's own `[match: …]` list, no grammar (a
 * double negative or "not only X" is read as a negation), and a wrong claim
 * that uses the right words still counts. It measures coverage, not truth.
 */

/**
 * The longest typed answer the API accepts and the matcher reads: about 1,300
 * words, four times a spoken two-minute answer (~300 words).
 */
export const MAX_ANSWER_CHARS = 8_000;
/** A mock interview sends its short and long answers joined by a newline, so each gets just under half. */
export const MAX_MOCK_ANSWER_CHARS = Math.floor((MAX_ANSWER_CHARS - 1) / 2);

interface Token {
  raw: string;
  stem: string;
  start: number;
  end: number;
  clause: number;
}

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'without',
  'nor',
  "don't",
  'dont',
  "doesn't",
  'doesnt',
  "isn't",
  'isnt',
  "aren't",
  "shouldn't",
  "won't",
  "can't",
  'cannot',
  'avoid',
  'skip',
]);
const NEGATION_WINDOW = 3;

/** Words that end in "s" but are not plurals. */
const KEEP_S = new Set([
  'https',
  'sms',
  'jwks',
  'dns',
  'status',
  'alias',
  'bias',
  'yes',
  'does',
  'was',
  'has',
  'always',
]);

/** Strips simple English suffixes so plural and tense forms compare equal ("cookies" = "cookie"). */
export function stem(word: string): string {
  let w = word.replace(/'s$/, '');
  if (KEEP_S.has(w)) return w;
  if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'i';
  else if (w.length > 4 && /(ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 2 && w.endsWith('y')) w = w.slice(0, -1) + 'i';
  // "rotate", "rotates", "rotated" and "rotating" all end as "rotat".
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

const WORD = /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu;
const CLAUSE_BREAK = /[,;:!?()\n]|\.(?:\s|$)/;

/** Splits text into lower-case words with their positions and clause numbers. */
export function tokenize(text: string): Token[] {
  const lower = text.toLowerCase();
  const tokens: Token[] = [];
  let clause = 0;
  let last = 0;
  for (const m of lower.matchAll(WORD)) {
    const start = m.index;
    if (CLAUSE_BREAK.test(lower.slice(last, start))) clause += 1;
    const raw = m[0].replace(/’/g, "'");
    tokens.push({ raw, stem: stem(raw), start, end: start + m[0].length, clause });
    last = start + m[0].length;
  }
  return tokens;
}

interface Found {
  start: number;
  length: number;
}

/**
 * The answer's words, indexed once: by stem, and by the stem of every run of
 * one to three words of one clause written together ("http only" under
 * "httponly"). Looking a phrase up is then a map lookup, so scoring costs
 * time linear in the answer's length however many key points a card has.
 */
interface AnswerIndex {
  tokens: Token[];
  byStem: Map<string, number[]>;
  byJoined: Map<string, Found[]>;
}

const MAX_RUN_TOGETHER = 3;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexAnswer(tokens: Token[]): AnswerIndex {
  const byStem = new Map<string, number[]>();
  const byJoined = new Map<string, Found[]>();
  tokens.forEach((token, i) => {
    push(byStem, token.stem, i);
    let raw = '';
    for (let len = 1; len <= MAX_RUN_TOGETHER && i + len <= tokens.length; len++) {
      if (tokens[i + len - 1]!.clause !== token.clause) break;
      raw += tokens[i + len - 1]!.raw;
      push(byJoined, len === 1 ? token.stem : stem(raw), { start: i, length: len });
    }
  });
  return { tokens, byStem, byJoined };
}

/**
 * Every place a phrase occurs in the answer, word for word or with its words
 * run together, earliest first. At one position the word-for-word match wins,
 * then the shortest run-together form; later matches at the same position are
 * dropped, as a left-to-right scan would.
 */
function findPhrase(answer: AnswerIndex, phrase: Token[]): Found[] {
  const { tokens } = answer;
  const n = phrase.length;
  const found: Found[] = [];
  for (const i of answer.byStem.get(phrase[0]!.stem) ?? []) {
    if (i + n > tokens.length || tokens[i + n - 1]!.clause !== tokens[i]!.clause) continue;
    if (phrase.every((p, k) => tokens[i + k]!.stem === p.stem)) found.push({ start: i, length: n });
  }
  // Run-together forms: "http only" in the answer for "httponly", and back.
  const joined = stem(phrase.map((t) => t.raw).join(''));
  for (const f of answer.byJoined.get(joined) ?? []) if (f.length !== n) found.push(f);
  const rank = (f: Found) => (f.length === n ? 0 : f.length);
  found.sort((a, b) => a.start - b.start || rank(a) - rank(b));
  return found.filter((f, k) => k === 0 || found[k - 1]!.start !== f.start);
}

function negatorBefore(answer: Token[], index: number): string | null {
  const clause = answer[index]!.clause;
  for (let k = index - 1; k >= 0 && k >= index - NEGATION_WINDOW; k--) {
    const token = answer[k]!;
    if (token.clause !== clause) break;
    if (NEGATORS.has(token.raw)) return token.raw;
  }
  return null;
}

/** Checks one key point against an already-indexed answer. */
function matchPoint(text: string, answer: AnswerIndex, point: KeyPoint): PointResult {
  let negated: string | undefined;
  for (const alternative of point.match) {
    const phrase = tokenize(alternative);
    if (phrase.length === 0) continue;
    for (const found of findPhrase(answer, phrase)) {
      const first = answer.tokens[found.start]!;
      const last = answer.tokens[found.start + found.length - 1]!;
      const words = text.slice(first.start, last.end);
      const negator = negatorBefore(answer.tokens, found.start);
      if (!negator) return { text: point.text, hit: true, matchedBy: alternative, phrase: words };
      negated ??= `${negator} … ${words}`;
    }
  }
  return negated ? { text: point.text, hit: false, negated } : { text: point.text, hit: false };
}

/** Suggests a rating from the share of key points covered; the learner may override it. */
export function suggestRating(ratio: number): DrillRating {
  if (ratio >= 0.9) return 'easy';
  if (ratio >= 0.6) return 'good';
  if (ratio >= 0.3) return 'hard';
  return 'again';
}

/** Scores a typed answer against a card's key points. */
export function scoreAnswer(answerText: string, keyPoints: readonly KeyPoint[]): Coverage {
  // Reads no more than the longest answer the API accepts, whoever calls it.
  const text = answerText.slice(0, MAX_ANSWER_CHARS);
  const answer = indexAnswer(tokenize(text));
  const points = keyPoints.map((point) => matchPoint(text, answer, point));
  const hits = points.filter((p) => p.hit).length;
  const total = points.length;
  const ratio = total === 0 ? 0 : hits / total;
  return { points, hits, total, ratio, suggestedRating: suggestRating(ratio) };
}
