import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_MOCK_ANSWER_CHARS, scoreAnswer } from '../../../../common/drills/matcher';
import type { DrillCard } from '../../../../common/drills/types';
import { CardQuestion } from './CardBody';
import { formatSeconds } from './format';
import type { MockAnswer } from './MockReport';
import type { MockTimers } from './mock-timers';

type Phase = 'short' | 'long';

/** Runs the interview: one question at a time, a visible countdown per answer, then hands the answers on. */
export function MockRun(props: {
  questions: DrillCard[];
  timers: MockTimers;
  onDone: (answers: MockAnswer[]) => void;
  onQuit: () => void;
}) {
  const { questions, timers, onDone } = props;
  const [index, setIndex] = useState(0);
  const [phase, setPhase] = useState<Phase>('short');
  const [text, setText] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const [phaseStart, setPhaseStart] = useState(() => Date.now());
  const shortAnswer = useRef({ text: '', ms: 0 });
  const answers = useRef<MockAnswer[]>([]);
  const finishing = useRef(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const card = questions[index]!;
  const limit = phase === 'short' ? timers.shortMs : timers.longMs;
  const left = limit - (now - phaseStart);

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    box.current?.focus();
  }, [index, phase]);

  const endPhase = useCallback(() => {
    if (finishing.current) return;
    const used = Math.min(Date.now() - phaseStart, limit);
    if (phase === 'short') {
      shortAnswer.current = { text, ms: used };
      setPhase('long');
      setText('');
      setPhaseStart(Date.now());
      setNow(Date.now());
      return;
    }
    finishing.current = true;
    const both = `${shortAnswer.current.text}\n${text}`;
    const combined = scoreAnswer(both, card.keyPoints);
    // Nothing is recorded yet: the report suggests a rating and the learner confirms or changes it.
    answers.current.push({
      card,
      short: { text: shortAnswer.current.text, ms: shortAnswer.current.ms, limitMs: timers.shortMs },
      long: { text, ms: used, limitMs: timers.longMs },
      shortCoverage: scoreAnswer(shortAnswer.current.text, card.keyPoints),
      longCoverage: scoreAnswer(text, card.keyPoints),
      combined,
      suggested: combined.suggestedRating,
      durationMs: shortAnswer.current.ms + used,
    });
    finishing.current = false;
    if (index + 1 >= questions.length) {
      onDone(answers.current);
      return;
    }
    setIndex(index + 1);
    setPhase('short');
    setText('');
    setPhaseStart(Date.now());
    setNow(Date.now());
  }, [phase, phaseStart, text, card, index, questions.length, onDone, limit, timers]);

  // When the time is up the answer is taken as it stands, as in a real interview.
  const endPhaseLatest = useRef(endPhase);
  useEffect(() => {
    endPhaseLatest.current = endPhase;
  });
  useEffect(() => {
    const timer = window.setTimeout(() => endPhaseLatest.current(), limit);
    return () => window.clearTimeout(timer);
  }, [index, phase, limit]);

  return (
    <article className="card drill-card" aria-label="Mock interview">
      <p className="muted small-text">
        Question {index + 1} of {questions.length} · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> moves on when you are done
      </p>
      <CardQuestion card={card} />
      <p className={`countdown ${left < 5000 ? 'urgent' : ''}`} role="timer" aria-live="off" data-testid="countdown">
        {phase === 'short' ? '30-second answer' : '2-minute answer'}: {formatSeconds(left)} left
      </p>
      <progress max={limit} value={Math.max(0, left)} aria-label="Time left" />
      <label className="answer-box">
        {phase === 'short' ? 'Your short answer' : 'Your long answer'}
        <textarea
          ref={box}
          value={text}
          rows={phase === 'short' ? 4 : 9}
          maxLength={MAX_MOCK_ANSWER_CHARS}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              endPhase();
            }
          }}
        />
      </label>
      <p>
        <button type="button" onClick={() => endPhase()}>
          {phase === 'short' ? 'Next: the 2-minute answer' : index + 1 < questions.length ? 'Next question' : 'Finish'}
        </button>{' '}
        <button type="button" className="secondary" onClick={props.onQuit}>
          Quit
        </button>
      </p>
    </article>
  );
}
