import type { DrillCard } from '../../../../common/drills/types';
import { ShowMe } from './ShowMe';

/** The question side of a card: topic, question and (for spot-the-bug cards) the code to inspect. */
export function CardQuestion({ card }: { card: DrillCard }) {
  return (
    <div>
      <p className="muted small-text">
        {card.title}
        {card.kind !== 'concept' && <span className="chip">{card.kind}</span>}
      </p>
      <h2 className="question" data-testid="drill-question">
        <InlineText text={card.question} />
      </h2>
      {card.code && (
        <pre className="drill-code" data-testid="drill-code" aria-label={`${card.code.lang} code`}>
          <code>{card.code.text}</code>
        </pre>
      )}
    </div>
  );
}

/** Text with `inline code` shown as code; nothing else in the deck text is interpreted. */
export function InlineText({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/(`[^`\n]+`)/)
        .map((part, i) =>
          part.length > 2 && part.startsWith('`') && part.endsWith('`') ? (
            <code key={i}>{part.slice(1, -1)}</code>
          ) : (
            part
          ),
        )}
    </>
  );
}

const paragraphs = (text: string) =>
  text.split(/\n\s*\n/).map((p, i) => (
    <p key={i}>
      <InlineText text={p} />
    </p>
  ));

/** The answer side: the 30-second and 2-minute answers side by side, then follow-ups and wrong answers. */
export function CardAnswers({ card }: { card: DrillCard }) {
  return (
    <div>
      <div className="answers">
        <section aria-label="30-second answer">
          <h3>30-second answer</h3>
          {paragraphs(card.answer30s)}
        </section>
        <section aria-label="2-minute answer">
          <h3>2-minute answer</h3>
          {paragraphs(card.answer2min)}
        </section>
      </div>
      {card.followUps.length > 0 && (
        <details>
          <summary>Follow-up questions ({card.followUps.length})</summary>
          <ul>
            {card.followUps.map((q) => (
              <li key={q}>
                <InlineText text={q} />
              </li>
            ))}
          </ul>
        </details>
      )}
      {card.wrongAnswers.length > 0 && (
        <details>
          <summary>Common wrong answers ({card.wrongAnswers.length})</summary>
          <ul>
            {card.wrongAnswers.map((w) => (
              <li key={w}>
                <InlineText text={w} />
              </li>
            ))}
          </ul>
        </details>
      )}
      {card.labLink && <ShowMe link={card.labLink} />}
    </div>
  );
}

/** A card's key points as a plain list (before any answer is scored). */
export function KeyPointList({ card }: { card: DrillCard }) {
  return (
    <ul className="key-points">
      {card.keyPoints.map((p) => (
        <li key={p.text}>
          <InlineText text={p.text} />
        </li>
      ))}
    </ul>
  );
}
