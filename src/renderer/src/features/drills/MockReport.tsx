import { useState } from 'react';
import {
  RATINGS,
  type Coverage,
  type DrillCard,
  type DrillRating,
  type ReviewResult,
} from '../../../../common/drills/types';
import { useLabNow } from '../../components/useLabNow';
import { useStore } from '../../store';
import { formatSeconds, percent, whenDue } from './format';
import { InlineText } from './CardBody';
import { KeyPoints } from './KeyPoints';

export interface MockAnswer {
  card: DrillCard;
  short: { text: string; ms: number; limitMs: number };
  long: { text: string; ms: number; limitMs: number };
  shortCoverage: Coverage;
  longCoverage: Coverage;
  combined: Coverage;
  /** The matcher's rating from coverage; only a suggestion until the learner confirms it. */
  suggested: DrillRating;
  durationMs: number;
}

/** Topics ordered from the weakest (lowest average coverage) up. */
function weakestTopics(answers: MockAnswer[]): Array<{ title: string; ratio: number }> {
  const byTopic = new Map<string, number[]>();
  for (const a of answers) byTopic.set(a.card.title, [...(byTopic.get(a.card.title) ?? []), a.combined.ratio]);
  return [...byTopic.entries()]
    .map(([title, ratios]) => ({ title, ratio: ratios.reduce((x, y) => x + y, 0) / ratios.length }))
    .sort((a, b) => a.ratio - b.ratio);
}

interface ReportRowProps {
  answer: MockAnswer;
  index: number;
  /** The ratings were recorded: the row shows when the card comes back instead of a picker. */
  recorded: boolean;
  result: ReviewResult | null;
  rating: DrillRating;
  onRate: (rating: DrillRating) => void;
}

const isRating = (value: string): value is DrillRating => RATINGS.some((r) => r === value);

/** One question of the report: coverage and time of both answers, and its rating. */
function ReportRow({ answer: a, index, recorded, result, rating, onRate }: ReportRowProps) {
  const labNow = useLabNow();
  return (
    <tr data-testid="report-row">
      <td>
        <InlineText text={a.card.question} />
      </td>
      <td>
        {percent(a.shortCoverage.ratio)} · {formatSeconds(a.short.ms)} of {formatSeconds(a.short.limitMs)}
      </td>
      <td>
        {percent(a.longCoverage.ratio)} · {formatSeconds(a.long.ms)} of {formatSeconds(a.long.limitMs)}
      </td>
      <td>
        {recorded ? (
          result ? (
            `rated ${result.rating}, back ${whenDue(result.due, labNow)}`
          ) : (
            'not saved'
          )
        ) : (
          <label className="inline">
            <select
              aria-label={`Rating for question ${index + 1}`}
              value={rating}
              onChange={(e) => isRating(e.target.value) && onRate(e.target.value)}
            >
              {RATINGS.map((r) => (
                <option key={r} value={r}>
                  {r}
                  {r === a.suggested ? ' (suggested)' : ''}
                </option>
              ))}
            </select>
          </label>
        )}
      </td>
    </tr>
  );
}

/** The key points an answer covered, and both answers as typed. */
function WhatYouCovered({ answer: a }: { answer: MockAnswer }) {
  return (
    <details>
      <summary>
        What you covered: <InlineText text={a.card.question} />
      </summary>
      <KeyPoints coverage={a.combined} />
      <p className="muted small-text">Your 30-second answer:</p>
      <blockquote>{a.short.text || '(nothing typed)'}</blockquote>
      <p className="muted small-text">Your 2-minute answer:</p>
      <blockquote>{a.long.text || '(nothing typed)'}</blockquote>
    </details>
  );
}

/**
 * The report after a mock interview: coverage per answer, time used, weakest
 * topics, and a rating per card. The matcher only suggests each rating (it
 * measures coverage, not correctness); nothing is scheduled until the learner
 * confirms or changes the ratings, as on a flashcard.
 */
export function MockReport({ answers, onAgain }: { answers: MockAnswer[]; onAgain: () => void }) {
  const submit = useStore((s) => s.submitDrillReview);
  const [ratings, setRatings] = useState<DrillRating[]>(() => answers.map((a) => a.suggested));
  const [results, setResults] = useState<Array<ReviewResult | null> | null>(null);
  const [saving, setSaving] = useState(false);

  const record = async () => {
    setSaving(true);
    const saved: Array<ReviewResult | null> = [];
    for (const [i, a] of answers.entries()) {
      const both = `${a.short.text}\n${a.long.text}`;
      saved.push(
        await submit({
          cardId: a.card.id,
          rating: ratings[i]!,
          ...(both.trim() ? { answerText: both } : {}),
          durationMs: a.durationMs,
        }),
      );
    }
    setResults(saved);
    setSaving(false);
  };

  return (
    <section className="card" aria-labelledby="report-title" data-testid="mock-report">
      <h2 id="report-title">Interview report</h2>
      <h3>Weakest topics</h3>
      <ol data-testid="weakest-topics">
        {weakestTopics(answers).map((t) => (
          <li key={t.title}>
            {t.title}: {percent(t.ratio)} of key points covered
          </li>
        ))}
      </ol>
      <p className="muted small-text">
        Each rating is suggested from how many key points your answers covered, not from whether they were right. Keep
        it or change it, then record: only then are the cards scheduled.
      </p>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">30 s answer</th>
            <th scope="col">2 min answer</th>
            <th scope="col">{results ? 'Scheduled' : 'Your rating'}</th>
          </tr>
        </thead>
        <tbody>
          {answers.map((a, i) => (
            <ReportRow
              key={a.card.id}
              answer={a}
              index={i}
              recorded={results !== null}
              result={results?.[i] ?? null}
              rating={ratings[i]!}
              onRate={(rating) => setRatings(ratings.map((r, j) => (j === i ? rating : r)))}
            />
          ))}
        </tbody>
      </table>
      {!results && (
        <p>
          <button type="button" disabled={saving} onClick={() => void record()}>
            Record these ratings
          </button>
        </p>
      )}
      {answers.map((a) => (
        <WhatYouCovered key={a.card.id} answer={a} />
      ))}
      <p>
        <button type="button" onClick={onAgain}>
          Another interview
        </button>
      </p>
    </section>
  );
}
