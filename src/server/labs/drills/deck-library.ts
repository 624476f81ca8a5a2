import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeckError, DeckSummary, DrillCard } from '../../../common/drills/types';
import { parseDeck, type DeckHeader, type ParsedDeck } from './parse-deck';

interface LoadedDeck {
  header: DeckHeader;
  summary: DeckSummary;
  path: string;
  cards: DrillCard[];
}

/** Deck files: Markdown whose name starts with a lower-case letter or digit (FORMAT.md and README.md are docs). */
const isDeckFile = (name: string) => /^[a-z0-9][\w.-]*\.md$/.test(name);

/**
 * All drill decks: the shipped ones in resources/drills and the ones an
 * instructor dropped (or imported) into <dataDir>/drills. Broken cards are
 * reported with their file and line and left out; everything else loads.
 */
export class DeckLibrary {
  /**
   * Parsed on first use, not in the constructor: parsing every deck is the
   * largest step of start-up that no first request needs. The lab warms it
   * right after the ready line (start.ts); a drills request before that
   * simply parses first, so it never sees an empty library.
   */
  private loaded:
    { cards: DrillCard[]; byId: Map<string, DrillCard>; decks: LoadedDeck[]; errors: DeckError[] } | undefined;
  private readonly loadListeners: Array<(errors: readonly DeckError[]) => void> = [];

  constructor(
    private readonly shippedDir: string,
    readonly customDir: string,
  ) {
    mkdirSync(customDir, { recursive: true });
  }

  get cards(): DrillCard[] {
    return this.load().cards;
  }

  get byId(): Map<string, DrillCard> {
    return this.load().byId;
  }

  get decks(): LoadedDeck[] {
    return this.load().decks;
  }

  get errors(): DeckError[] {
    return this.load().errors;
  }

  /** Calls `listener` with the broken cards each time the decks are (re)parsed. */
  onLoad(listener: (errors: readonly DeckError[]) => void): void {
    this.loadListeners.push(listener);
    if (this.loaded) listener(this.loaded.errors);
  }

  /** Parses the decks unless that has happened already. */
  load() {
    if (!this.loaded) this.reload();
    return this.loaded!;
  }

  reload(): void {
    const decks: LoadedDeck[] = [];
    const errors: DeckError[] = [];
    const byId = new Map<string, DrillCard>();
    const sources = [
      { dir: this.shippedDir, source: 'shipped' as const, label: 'resources/drills/' },
      { dir: this.customDir, source: 'custom' as const, label: `${this.customDir}/` },
    ];
    for (const { dir, source, label } of sources) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).filter(isDeckFile).sort()) {
        const path = join(dir, name);
        const parsed = parseDeck(label + name, readFileSync(path, 'utf8'));
        errors.push(...parsed.errors);
        const loaded = this.accept(parsed, source, path, decks, byId, errors);
        if (loaded) decks.push(loaded);
      }
    }
    this.loaded = { decks, errors, byId, cards: decks.flatMap((d) => d.cards) };
    for (const listener of this.loadListeners) listener(errors);
  }

  /** Checks a parsed deck against the decks already loaded (unique topic, unique card ids). */
  private accept(
    parsed: ParsedDeck,
    source: DeckSummary['source'],
    path: string,
    decks: LoadedDeck[],
    byId: Map<string, DrillCard>,
    errors: DeckError[],
  ): LoadedDeck | null {
    if (!parsed.header) return null;
    const header = parsed.header;
    if (decks.some((d) => d.header.topic === header.topic)) {
      errors.push({ file: parsed.file, line: 2, message: `Topic "${header.topic}" is already used by another deck.` });
      return null;
    }
    const cards: DrillCard[] = [];
    parsed.cards.forEach((card, i) => {
      if (byId.has(card.id)) {
        errors.push({
          file: parsed.file,
          line: parsed.cardLines[i]!,
          message: `Card id "${card.id}" is already used by another card.`,
        });
        return;
      }
      byId.set(card.id, card);
      cards.push(card);
    });
    const summary = { ...header, source, file: parsed.file, cards: cards.length };
    return { header, summary, path, cards };
  }

  /**
   * Validates a deck for import, strictly: every card must parse, and its
   * topic and card ids must not clash with another deck (re-importing a
   * custom deck of the same topic replaces it). Returns the errors, if any.
   */
  checkImport(markdown: string): { parsed: ParsedDeck; errors: DeckError[] } {
    const parsed = parseDeck('import.md', markdown);
    const errors = [...parsed.errors];
    const topic = parsed.header?.topic;
    if (parsed.header && parsed.cards.length === 0 && errors.length === 0) {
      errors.push({ file: 'import.md', line: 1, message: 'The deck has no cards.' });
    }
    const existing = this.decks.find((d) => d.header.topic === topic);
    if (existing?.summary.source === 'shipped') {
      errors.push({
        file: 'import.md',
        line: 2,
        message: `Topic "${topic}" belongs to a shipped deck; choose another topic.`,
      });
    }
    parsed.cards.forEach((card, i) => {
      const owner = this.byId.get(card.id);
      if (owner && owner.topic !== topic) {
        errors.push({
          file: 'import.md',
          line: parsed.cardLines[i]!,
          message: `Card id "${card.id}" is already used in deck "${owner.topic}".`,
        });
      }
    });
    return { parsed, errors };
  }

  /**
   * Saves a checked deck into the data directory and reloads. The file name
   * comes from the topic, which the parser only accepts as a slug, so an
   * import cannot write outside the folder (no `../`).
   */
  saveCustom(topic: string, markdown: string): void {
    const existing = this.deck(topic);
    const path = existing?.summary.source === 'custom' ? existing.path : this.freeFileName(topic);
    writeFileSync(path, markdown, 'utf8');
    this.reload();
  }

  /** `<topic>.md`, or `<topic>-2.md`… when an instructor's file (of another topic) already has that name. */
  private freeFileName(topic: string): string {
    for (let n = 1; ; n++) {
      const path = join(this.customDir, n === 1 ? `${topic}.md` : `${topic}-${n}.md`);
      if (!existsSync(path)) return path;
    }
  }

  deck(topic: string): LoadedDeck | undefined {
    return this.decks.find((d) => d.header.topic === topic);
  }

  markdownOf(topic: string): string | undefined {
    const deck = this.deck(topic);
    return deck ? readFileSync(deck.path, 'utf8') : undefined;
  }
}
