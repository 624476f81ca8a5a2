import type { DrillCard } from '../../../common/drills/types';
import type { DeckHeader } from './parse-deck';

/** A deck as JSON (import and export): the front matter plus its cards. */
export interface DeckJson extends DeckHeader {
  cards: Array<Omit<DrillCard, 'topic' | 'title' | 'curriculum'>>;
}

const list = (items: string[]) => items.map((item) => `- ${item}`).join('\n');

/** Writes a deck back as Markdown in the FORMAT.md layout, so a JSON import becomes an ordinary deck file. */
export function deckToMarkdown(deck: DeckJson): string {
  const parts = [`---\ntopic: ${deck.topic}\ntitle: ${deck.title}\ncurriculum: ${deck.curriculum.join(', ')}\n---`];
  for (const card of deck.cards) {
    const meta = [`## card ${card.id}`, `Q: ${card.question.replace(/\s*\n\s*/g, ' ')}`];
    if (card.labLink) meta.push(`Lab: ${card.labLink.lab}${card.labLink.step ? `#${card.labLink.step}` : ''}`);
    if (card.kind !== 'concept') meta.push(`Kind: ${card.kind}`);
    const sections = [
      meta.join('\n'),
      `### 30s\n${card.answer30s}`,
      `### 2min\n${card.answer2min}`,
      `### Key points\n${list(card.keyPoints.map((p) => `${p.text} [match: ${p.match.join(' | ')}]`))}`,
    ];
    if (card.followUps.length) sections.push(`### Follow-ups\n${list(card.followUps)}`);
    if (card.wrongAnswers.length) sections.push(`### Wrong answers\n${list(card.wrongAnswers)}`);
    if (card.code) sections.push(`### Code\n\`\`\`${card.code.lang}\n${card.code.text}\n\`\`\``);
    parts.push(sections.join('\n\n'));
  }
  return parts.join('\n\n') + '\n';
}

/** The JSON form of a parsed deck. */
export function deckToJson(header: DeckHeader, cards: DrillCard[]): DeckJson {
  return {
    ...header,
    cards: cards.map(({ topic: _topic, title: _title, curriculum: _curriculum, ...card }) => card),
  };
}
