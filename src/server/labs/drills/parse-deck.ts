import { tokenize } from '../../../common/drills/matcher';
import { labSteps, isLabId } from '../../../common/labs';
import { CARD_KINDS, type CardKind, type DeckError, type DrillCard, type KeyPoint } from '../../../common/drills/types';

/** A deck's front matter. */
export interface DeckHeader {
  topic: string;
  title: string;
  curriculum: number[];
}

export interface ParsedDeck {
  file: string;
  header: DeckHeader | null;
  cards: DrillCard[];
  /** The line of each card's heading, for errors found later (such as a duplicate id). */
  cardLines: number[];
  errors: DeckError[];
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SECTIONS = {
  '30s': 'answer30s',
  '2min': 'answer2min',
  'key points': 'keyPoints',
  'follow-ups': 'followUps',
  'wrong answers': 'wrongAnswers',
  code: 'code',
} as const;
type SectionKey = (typeof SECTIONS)[keyof typeof SECTIONS];
const MAX_CURRICULUM = 40;

interface Line {
  no: number;
  text: string;
}

/** A reason a card cannot load, with its file and line; the card is left out and the deck goes on. */
class CardError extends Error {
  constructor(readonly record: DeckError) {
    super(record.message);
  }
}

/** Parses the front matter; returns the header or reports what is wrong with it. */
function parseHeader(
  lines: string[],
  file: string,
  errors: DeckError[],
): { header: DeckHeader | null; bodyStart: number } {
  if (lines[0]?.trim() !== '---') {
    errors.push({
      file,
      line: 1,
      message: 'A deck starts with front matter: a line "---", then topic, title and curriculum.',
    });
    return { header: null, bodyStart: 0 };
  }
  const end = lines.indexOf('---', 1);
  if (end < 0) {
    errors.push({ file, line: 1, message: 'The front matter is not closed by a line "---".' });
    return { header: null, bodyStart: 0 };
  }
  const fields: Record<string, { value: string; line: number }> = {};
  for (let i = 1; i < end; i++) {
    const text = lines[i]!;
    if (!text.trim()) continue;
    const m = /^([a-z]+):\s*(.*?)\s*$/.exec(text);
    if (!m) {
      errors.push({ file, line: i + 1, message: `Front matter lines look like "key: value"; got "${text.trim()}".` });
      continue;
    }
    fields[m[1]!] = { value: m[2]!, line: i + 1 };
  }
  const missing = ['topic', 'title', 'curriculum'].filter((k) => !fields[k]?.value);
  if (missing.length) {
    errors.push({ file, line: 1, message: `The front matter is missing: ${missing.join(', ')}.` });
    return { header: null, bodyStart: end + 1 };
  }
  const topic = fields.topic!;
  if (!SLUG.test(topic.value)) {
    errors.push({ file, line: topic.line, message: `topic "${topic.value}" must be a lower-case slug (a-z, 0-9, -).` });
    return { header: null, bodyStart: end + 1 };
  }
  const curriculum = fields.curriculum!.value.split(',').map((s) => Number(s.trim()));
  if (curriculum.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_CURRICULUM)) {
    errors.push({
      file,
      line: fields.curriculum!.line,
      message: `curriculum must list CURRICULUM.md topic numbers from 1 to ${MAX_CURRICULUM}, comma-separated.`,
    });
    return { header: null, bodyStart: end + 1 };
  }
  return { header: { topic: topic.value, title: fields.title!.value, curriculum }, bodyStart: end + 1 };
}

/** Joins the lines of a section into text, trimming blank lines at both ends. */
const joinText = (lines: Line[]) =>
  lines
    .map((l) => l.text)
    .join('\n')
    .trim();

/** Splits a section into "- " list items; indented lines continue the item above. */
function listItems(lines: Line[], file: string): Array<{ text: string; line: number }> {
  const items: Array<{ text: string; line: number }> = [];
  for (const { no, text } of lines) {
    if (!text.trim()) continue;
    if (text.startsWith('- ')) items.push({ text: text.slice(2).trim(), line: no });
    else if (/^\s/.test(text) && items.length) items[items.length - 1]!.text += ' ' + text.trim();
    else throw cardError(file, no, `Expected a list item starting with "- "; got "${text.trim().slice(0, 60)}".`);
  }
  return items;
}

function cardError(file: string, line: number, message: string): CardError {
  return new CardError({ file, line, message });
}

function parseKeyPoint(item: { text: string; line: number }, file: string): KeyPoint {
  // Plain string search, no backtracking regex: a deck is instructor input,
  // and a crafted line must not stall the server (ReDoS).
  const text = item.text.trimEnd();
  const open = text.lastIndexOf('[match:');
  if (open < 0 || !text.endsWith(']') || text.indexOf(']', open) !== text.length - 1) {
    throw cardError(file, item.line, 'A key point ends with "[match: phrase | other phrase]".');
  }
  const label = text.slice(0, open).trim();
  const match = text
    .slice(open + '[match:'.length, -1)
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!label || match.length === 0) {
    throw cardError(file, item.line, 'A key point needs its text and at least one [match: …] phrase.');
  }
  const wordless = match.find((alternative) => tokenize(alternative).length === 0);
  if (wordless) throw cardError(file, item.line, `The match phrase "${wordless}" has no words to match.`);
  return { text: label, match };
}

function parseLabLink(value: string, file: string, line: number): DrillCard['labLink'] {
  const [lab = '', step, extra] = value.split('#');
  if (extra !== undefined || !isLabId(lab)) {
    throw cardError(file, line, `Lab: "${value}" names no lab. Use one of the lab ids in src/common/labs.ts.`);
  }
  if (step === undefined) return { lab };
  if (!labSteps(lab).includes(step)) {
    const known = labSteps(lab).join(', ') || 'none';
    throw cardError(file, line, `Lab: "${lab}" has no step "${step}" (its steps: ${known}).`);
  }
  return { lab, step };
}

/** Parses one card's lines (the first one is its "## card <id>" heading). */
function parseCard(lines: Line[], header: DeckHeader, file: string): DrillCard {
  const heading = lines[0]!;
  const id = heading.text.slice('## card'.length).trim();
  if (!SLUG.test(id)) throw cardError(file, heading.no, `Card id "${id}" must be a lower-case slug.`);
  const meta: Record<string, Line> = {};
  const sections: Partial<Record<SectionKey, { line: number; body: Line[] }>> = {};
  let current: { line: number; body: Line[] } | null = null;
  let inFence = false;
  for (const line of lines.slice(1)) {
    if (line.text.startsWith('```')) inFence = !inFence;
    if (!inFence && line.text.startsWith('### ')) {
      const name = line.text.slice(4).trim().toLowerCase() as keyof typeof SECTIONS;
      const key = SECTIONS[name];
      if (!key)
        throw cardError(file, line.no, `Unknown section "${line.text}". Known: ${Object.keys(SECTIONS).join(', ')}.`);
      if (sections[key]) throw cardError(file, line.no, `Section "${line.text}" appears twice.`);
      current = sections[key] = { line: line.no, body: [] };
    } else if (current) current.body.push(line);
    else if (line.text.trim()) {
      const m = /^(Q|Lab|Kind):\s*(.*)$/.exec(line.text);
      if (!m)
        throw cardError(
          file,
          line.no,
          `Before the first section only "Q:", "Lab:" and "Kind:" lines go; got "${line.text.trim().slice(0, 60)}".`,
        );
      meta[m[1]!] = { no: line.no, text: m[2]!.trim() };
    }
  }
  if (!meta.Q?.text) throw cardError(file, heading.no, `Card "${id}" has no "Q:" line.`);
  for (const [name, key] of [
    ['30s', 'answer30s'],
    ['2min', 'answer2min'],
  ] as const) {
    if (!sections[key] || !joinText(sections[key].body))
      throw cardError(file, heading.no, `Card "${id}" has no "### ${name}" answer.`);
  }
  const keyPoints = sections.keyPoints
    ? listItems(sections.keyPoints.body, file).map((i) => parseKeyPoint(i, file))
    : [];
  if (keyPoints.length < 2)
    throw cardError(file, sections.keyPoints?.line ?? heading.no, `Card "${id}" needs at least two key points.`);
  const kindText = meta.Kind?.text ?? 'concept';
  if (!(CARD_KINDS as readonly string[]).includes(kindText)) {
    throw cardError(file, meta.Kind!.no, `Kind "${kindText}" is not one of ${CARD_KINDS.join(', ')}.`);
  }
  const kind = kindText as CardKind;
  let code: DrillCard['code'];
  if (sections.code) {
    const body = sections.code.body;
    const open = body.findIndex((l) => l.text.startsWith('```'));
    const close = body.findIndex((l, i) => i > open && l.text.startsWith('```'));
    if (open < 0 || close < 0)
      throw cardError(file, sections.code.line, 'The "### Code" section holds one fenced code block (```lang … ```).');
    code = { lang: body[open]!.text.slice(3).trim(), text: joinText(body.slice(open + 1, close)) };
  }
  if (kind === 'spot-the-bug' && !code)
    throw cardError(file, heading.no, `Spot-the-bug card "${id}" needs a "### Code" section.`);
  return {
    id,
    topic: header.topic,
    title: header.title,
    curriculum: header.curriculum,
    kind,
    question: meta.Q.text,
    answer30s: joinText(sections.answer30s!.body),
    answer2min: joinText(sections.answer2min!.body),
    keyPoints,
    followUps: sections.followUps ? listItems(sections.followUps.body, file).map((i) => i.text) : [],
    wrongAnswers: sections.wrongAnswers ? listItems(sections.wrongAnswers.body, file).map((i) => i.text) : [],
    ...(code ? { code } : {}),
    ...(meta.Lab ? { labLink: parseLabLink(meta.Lab.text, file, meta.Lab.no) } : {}),
  };
}

/**
 * Parses and validates one deck file (format: resources/drills/FORMAT.md).
 * A broken card is left out with an error naming its file and line; the other
 * cards still load. A broken front matter leaves the whole file out.
 */
export function parseDeck(file: string, source: string): ParsedDeck {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: DeckError[] = [];
  const { header, bodyStart } = parseHeader(lines, file, errors);
  if (!header) return { file, header: null, cards: [], cardLines: [], errors };
  const cards: DrillCard[] = [];
  const cardLines: number[] = [];
  let chunk: Line[] | null = null;
  let inFence = false;
  const flush = () => {
    if (!chunk) return;
    try {
      cards.push(parseCard(chunk, header, file));
      cardLines.push(chunk[0]!.no);
    } catch (error) {
      if (!(error instanceof CardError)) throw error;
      errors.push(error.record);
    }
  };
  for (let i = bodyStart; i < lines.length; i++) {
    const line = { no: i + 1, text: lines[i]! };
    if (line.text.startsWith('```')) inFence = !inFence;
    if (!inFence && line.text.startsWith('## card')) {
      flush();
      chunk = [line];
    } else if (!inFence && /^##?\s/.test(line.text)) {
      errors.push({ file, line: line.no, message: `Cards start with "## card <id>"; got "${line.text.trim()}".` });
    } else if (chunk) chunk.push(line);
    else if (line.text.trim()) {
      errors.push({ file, line: line.no, message: 'Text before the first "## card <id>" heading is not allowed.' });
    }
  }
  flush();
  if (inFence) errors.push({ file, line: lines.length, message: 'A ``` code fence is never closed.' });
  return { file, header, cards, cardLines, errors };
}
