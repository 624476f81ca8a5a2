import { useCallback, useEffect, useMemo, useState } from 'react';
import { MAX_ANSWER_CHARS, scoreAnswer } from '../../../../common/drills/matcher';
import { RATINGS, type DrillRating, type DueCard } from '../../../../common/drills/types';
import { useLabNow } from '../../components/useLabNow';
import { useStore } from '../../store';
import { QUEUE_PAGE } from './drills-slice';
import { CardAnswers, CardQuestion, KeyPointList } from './CardBody';
import { isTyping, RATING_LABELS, whenDue } from './format';
import { KeyPoints } from './KeyPoints';

export function LastReview({ due, rating }: { due: string; rating: DrillRating }) {
  const labNow = useLabNow();
  return (
    <p className="ok" role="status" data-testid="last-review">
      Rated “{rating}”: that card comes back {whenDue(due, labNow)}.
    </p>
  );
}

/** One flashcard, from question to rating. Keyed by card id, so its state starts fresh for each card. */
export function ReviewCard(props: { card: DueCard; queueLength: number; onRefresh: () => void }) {
  const { card } = props;
  const rateCard = useStore((s) => s.rateDrillCard);
  const [answer, setAnswer] = useState('');
  const [revealed, setRevealed] = useState(false);
  const [started] = useState(() => Date.now());
  const typed = answer.trim() !== '';
  const coverage = useMemo(() => scoreAnswer(answer, card.keyPoints), [answer, card]);

  const reveal = useCallback(() => {
    setRevealed(true);
    (document.activeElement as HTMLElement | null)?.blur();
  }, []);
  const rate = useCallback(
    (rating: DrillRating) =>
      rateCard({
        cardId: card.id,
        rating,
        ...(typed ? { answerText: answer } : {}),
        durationMs: Math.min(Date.now() - started, 24 * 3600 * 1000),
      }),
    [card.id, typed, answer, started, rateCard],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !revealed) {
        event.preventDefault();
        reveal();
        return;
      }
      if (event.altKey || event.metaKey || event.ctrlKey || isTyping(event.target)) return;
      if (event.key === ' ' && !revealed) {
        event.preventDefault();
        reveal();
      } else if (revealed && ['1', '2', '3', '4'].includes(event.key)) {
        event.preventDefault();
        void rate(RATINGS[Number(event.key) - 1]!);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [revealed, reveal, rate]);

  return (
    <article className="card drill-card" aria-label="Drill card">
      <p className="muted small-text">
        {props.queueLength}
        {props.queueLength >= QUEUE_PAGE ? '+' : ''} card(s) in the queue · this one is{' '}
        {card.progress.state === 'new' ? 'new' : 'due'} ·{' '}
        <button type="button" className="link" onClick={props.onRefresh}>
          refresh queue
        </button>
      </p>
      <CardQuestion card={card} />
      <label className="answer-box">
        Your answer (optional — type it as you would say it)
        <textarea
          value={answer}
          onChange={(e) => setAnswer(e.target.value)}
          rows={5}
          readOnly={revealed}
          maxLength={MAX_ANSWER_CHARS}
        />
      </label>
      {!revealed && typed && (
        <p className="muted small-text" data-testid="live-coverage">
          So far your answer touches {coverage.hits} of {coverage.total} key points.
        </p>
      )}
      {!revealed ? (
        <button type="button" onClick={reveal}>
          Reveal answer (Space)
        </button>
      ) : (
        <>
          {typed ? <KeyPoints coverage={coverage} /> : <KeyPointList card={card} />}
          <CardAnswers card={card} />
          <div className="rating-bar" role="group" aria-label="Rate your answer">
            {RATINGS.map((rating, i) => (
              <button
                key={rating}
                type="button"
                className={typed && coverage.suggestedRating === rating ? 'suggested' : 'secondary'}
                onClick={() => void rate(rating)}
              >
                {i + 1} · {RATING_LABELS[rating]}
              </button>
            ))}
          </div>
          {typed && (
            <p className="muted small-text">
              Suggested from your coverage: <strong>{coverage.suggestedRating}</strong>. You can pick any rating.
            </p>
          )}
        </>
      )}
    </article>
  );
}
