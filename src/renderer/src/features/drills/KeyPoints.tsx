import type { Coverage } from '../../../../common/drills/types';
import { InlineText } from './CardBody';

/** The key points of a card, each marked hit (with the words that hit it) or missed. */
export function KeyPoints({ coverage }: { coverage: Coverage }) {
  return (
    <div>
      <p data-testid="coverage">
        <strong>
          {coverage.hits} of {coverage.total}
        </strong>{' '}
        key points covered ({Math.round(coverage.ratio * 100)}%)
      </p>
      <ul className="key-points">
        {coverage.points.map((point) => (
          <li key={point.text} className={point.hit ? 'hit' : 'miss'}>
            <span aria-hidden="true">{point.hit ? '✔' : '✘'}</span>{' '}
            <span className="visually-hidden">{point.hit ? 'Hit:' : 'Missed:'}</span> <InlineText text={point.text} />
            {point.hit && point.phrase && (
              <span className="muted small-text">
                {' '}
                — you said “{point.phrase}”
                {point.matchedBy && point.matchedBy.toLowerCase() !== point.phrase.toLowerCase()
                  ? ` (matches “${point.matchedBy}”)`
                  : ''}
              </span>
            )}
            {!point.hit && point.negated && (
              <span className="muted small-text"> — not counted: “{point.negated}” reads as a negation</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
