import { useEffect, useState } from 'react';
import type { DeckSummary } from '../../../../common/drills/types';
import './drills.css';
import { useStore } from '../../store';
import { BrowseView } from './BrowseView';
import { DecksView } from './DecksView';
import { MockInterview } from './MockInterview';
import { ReviewMode } from './ReviewMode';
import { StatsView } from './StatsView';

const NO_DECKS: DeckSummary[] = [];

const MODES = [
  { id: 'review', label: 'Flashcards' },
  { id: 'mock', label: 'Mock interview' },
  { id: 'browse', label: 'Browse' },
  { id: 'stats', label: 'Stats' },
  { id: 'decks', label: 'Decks' },
] as const;
type Mode = (typeof MODES)[number]['id'];

/** Interview drills: spaced-repetition flashcards, timed mock interviews, a searchable deck and progress charts. */
export function DrillsPage() {
  const [mode, setMode] = useState<Mode>('review');
  const [topic, setTopic] = useState('');
  const decks = useStore((s) => s.drillDecks?.decks ?? NO_DECKS);
  const error = useStore((s) => s.drillError);
  useEffect(() => {
    void useStore.getState().loadDrills();
  }, []);
  return (
    <>
      <h1>Interview drills</h1>
      <p className="lead">
        Answer out loud or type, then compare with a 30-second and a 2-minute answer. Your ratings schedule each card
        with FSRS spaced repetition, on the lab clock.
      </p>
      <div className="drill-toolbar">
        <div role="tablist" aria-label="Drill mode">
          {MODES.map((m) => (
            <button
              key={m.id}
              type="button"
              role="tab"
              aria-selected={mode === m.id}
              className={mode === m.id ? '' : 'secondary'}
              onClick={() => setMode(m.id)}
            >
              {m.label}
            </button>
          ))}
        </div>
        {(mode === 'review' || mode === 'browse') && (
          <label>
            Topic{' '}
            <select value={topic} onChange={(e) => setTopic(e.target.value)}>
              <option value="">All topics</option>
              {decks.map((d) => (
                <option key={d.topic} value={d.topic}>
                  {d.curriculum.join(', ')}. {d.title}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div role="tabpanel" aria-label={MODES.find((m) => m.id === mode)!.label}>
        {mode === 'review' && <ReviewMode topic={topic} />}
        {mode === 'mock' && <MockInterview />}
        {mode === 'browse' && <BrowseView topic={topic} />}
        {mode === 'stats' && <StatsView />}
        {mode === 'decks' && <DecksView />}
      </div>
    </>
  );
}
