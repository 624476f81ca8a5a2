import { useState } from 'react';
import type { DeckSummary, DrillCard } from '../../../../common/drills/types';
import { useStore } from '../../store';
import { MockReport, type MockAnswer } from './MockReport';
import { MockRun } from './MockRun';
import { PRACTICE_TIMERS, REAL_TIMERS, timersFromUrl, type MockTimers } from './mock-timers';

const NO_DECKS: DeckSummary[] = [];

const LENGTHS = [3, 5, 10];

/** Picks `count` cards from the chosen topics, spreading them over the topics in random order. */
function pickCards(cards: DrillCard[], topics: string[], count: number): DrillCard[] {
  const pool = cards.filter((c) => topics.length === 0 || topics.includes(c.topic));
  const shuffled = [...pool].sort(() => Math.random() - 0.5);
  const byTopic = new Map<string, DrillCard[]>();
  for (const card of shuffled) byTopic.set(card.topic, [...(byTopic.get(card.topic) ?? []), card]);
  const picked: DrillCard[] = [];
  while (picked.length < count && picked.length < pool.length) {
    for (const list of byTopic.values()) {
      const next = list.shift();
      if (next && picked.length < count) picked.push(next);
    }
  }
  return picked.sort(() => Math.random() - 0.5);
}

/** A timed mock interview: pick topics and length, answer each question in 30 s then 2 min, get a report. */
export function MockInterview() {
  const cards = useStore((s) => s.drillCards);
  const decks = useStore((s) => s.drillDecks?.decks ?? NO_DECKS);
  const [topics, setTopics] = useState<string[]>([]);
  const [length, setLength] = useState(3);
  const [practice, setPractice] = useState(false);
  const [questions, setQuestions] = useState<DrillCard[] | null>(null);
  const [answers, setAnswers] = useState<MockAnswer[] | null>(null);
  const urlTimers = timersFromUrl();
  const timers: MockTimers = urlTimers ?? (practice ? PRACTICE_TIMERS : REAL_TIMERS);

  if (questions && !answers) {
    return <MockRun questions={questions} timers={timers} onDone={setAnswers} onQuit={() => setQuestions(null)} />;
  }
  if (questions && answers) {
    return (
      <MockReport
        answers={answers}
        onAgain={() => {
          setQuestions(null);
          setAnswers(null);
        }}
      />
    );
  }
  const toggle = (topic: string) =>
    setTopics((current) => (current.includes(topic) ? current.filter((t) => t !== topic) : [...current, topic]));
  return (
    <form
      className="card"
      onSubmit={(event) => {
        event.preventDefault();
        setQuestions(pickCards(cards, topics, length));
      }}
    >
      <h2>Mock interview</h2>
      <p className="muted">
        Each question gives you {timers.shortMs / 1000} seconds for the short answer, then {timers.longMs / 1000}{' '}
        seconds for the long one. Type as you would speak; the report shows what each answer covered.
      </p>
      <fieldset className="topic-picker">
        <legend>Topics (none ticked = all topics)</legend>
        {decks.map((deck) => (
          <label key={deck.topic} className="inline">
            <input type="checkbox" checked={topics.includes(deck.topic)} onChange={() => toggle(deck.topic)} />{' '}
            {deck.title}
          </label>
        ))}
      </fieldset>
      <label>
        Questions{' '}
        <select value={length} onChange={(e) => setLength(Number(e.target.value))}>
          {LENGTHS.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>{' '}
      {!urlTimers && (
        <label className="inline">
          <input type="checkbox" checked={practice} onChange={(e) => setPractice(e.target.checked)} /> Short timers (10
          s / 30 s) for practice
        </label>
      )}
      <p>
        <button type="submit" disabled={cards.length === 0}>
          Start the interview
        </button>
      </p>
    </form>
  );
}
