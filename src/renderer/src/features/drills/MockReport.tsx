import type { Coverage, DrillCard, ReviewResult } from '../../../../common/drills/types';
import { useLabNow } from '../../components/useLabNow';
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
  result: ReviewResult | null;
}

/** Topics ordered from the weakest (lowest average coverage) up. */
function weakestTopics(answers: MockAnswer[]): Array<{ title: string; ratio: number }> {
  const byTopic = new Map<string, number[]>();
  for (const a of answers) byTopic.set(a.card.title, [...(byTopic.get(a.card.title) ?? []), a.combined.ratio]);
  return [...byTopic.entries()]
    .map(([title, ratios]) => ({ title, ratio: ratios.reduce((x, y) => x + y, 0) / ratios.length }))
    .sort((a, b) => a.ratio - b.ratio);
}

/** The report after a mock interview: coverage per answer, time used, weakest topics and the review schedule. */
export function MockReport({ answers, onAgain }: { answers: MockAnswer[]; onAgain: () => void }) {
  const labNow = useLabNow();
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
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">30 s answer</th>
            <th scope="col">2 min answer</th>
            <th scope="col">Scheduled</th>
          </tr>
        </thead>
        <tbody>
          {answers.map((a) => (
            <tr key={a.card.id} data-testid="report-row">
              <td>
                <InlineText text={a.card.question} />
              </td>
              <td>
                {percent(a.shortCoverage.ratio)} · {formatSeconds(a.short.ms)} of {formatSeconds(a.short.limitMs)}
              </td>
              <td>
                {percent(a.longCoverage.ratio)} · {formatSeconds(a.long.ms)} of {formatSeconds(a.long.limitMs)}
              </td>
              <td>{a.result ? `rated ${a.result.rating}, back ${whenDue(a.result.due, labNow)}` : 'not saved'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {answers.map((a) => (
        <details key={a.card.id}>
          <summary>
            What you covered: <InlineText text={a.card.question} />
          </summary>
          <KeyPoints coverage={a.combined} />
          <p className="muted small-text">Your 30-second answer:</p>
          <blockquote>{a.short.text || '(nothing typed)'}</blockquote>
          <p className="muted small-text">Your 2-minute answer:</p>
          <blockquote>{a.long.text || '(nothing typed)'}</blockquote>
        </details>
      ))}
      <p>
        <button type="button" onClick={onAgain}>
          Another interview
        </button>
      </p>
    </section>
  );
}
