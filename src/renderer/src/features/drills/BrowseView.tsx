import { useMemo, useState } from 'react';
import { useStore } from '../../store';
import { CardAnswers, CardQuestion, KeyPointList } from './CardBody';

/** Every card, searchable (question, answers, key points) and filtered by the page's topic. */
export function BrowseView({ topic }: { topic: string }) {
  const cards = useStore((s) => s.drillCards);
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return cards.filter((card) => {
      if (topic && card.topic !== topic) return false;
      const haystack = [card.question, card.answer30s, card.answer2min, ...card.keyPoints.map((p) => p.text)]
        .join(' ')
        .toLowerCase();
      return words.every((w) => haystack.includes(w));
    });
  }, [cards, topic, query]);
  return (
    <div>
      <label className="search">
        Search cards{' '}
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="e.g. refresh reuse"
        />
      </label>
      <p className="muted small-text" role="status">
        {shown.length} card(s)
      </p>
      <ul className="card-list">
        {shown.map((card) => (
          <li key={card.id} className="card">
            <details>
              <summary>
                <CardQuestion card={card} />
              </summary>
              <KeyPointList card={card} />
              <CardAnswers card={card} />
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
