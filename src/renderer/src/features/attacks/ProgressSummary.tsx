import { useEffect, type ReactNode } from 'react';
import { useStore } from '../../store';
import './attacks.css';

/**
 * How far the learner got in the attack catalogue: per lab and overall, an
 * attack counts as done once it was both exploited (defence off) and blocked
 * (defence on). The Overview page shows it too, linking here.
 */
export function ProgressSummary({
  linkToCatalogue = false,
  children,
}: {
  linkToCatalogue?: boolean;
  /** Actions shown under the summary (the catalogue's "Reset progress"). */
  children?: ReactNode;
}) {
  const summary = useStore((s) => s.catalogue?.summary);
  const error = useStore((s) => s.catalogueError);
  useEffect(() => {
    if (!useStore.getState().catalogue) void useStore.getState().loadCatalogue();
  }, []);
  if (!summary) return error ? <p className="error">Could not load the attack catalogue: {error}</p> : null;
  const tried = summary.perLab.reduce((sum, lab) => sum + lab.tried, 0);
  return (
    <section className="card attack-progress" aria-labelledby="attack-progress-title" data-testid="attack-progress">
      <h2 id="attack-progress-title">{linkToCatalogue ? <a href="#/attacks">Attack catalogue</a> : 'Your progress'}</h2>
      <p data-testid="attack-progress-overall">
        <strong>
          {summary.both} of {summary.total}
        </strong>{' '}
        attacks exploited and blocked; {tried} tried ({summary.exploited} exploited, {summary.blocked} blocked).
      </p>
      <ul className="attack-progress-labs">
        {summary.perLab.map((lab) => (
          <li key={lab.lab} data-testid={`attack-progress-${lab.lab}`}>
            <span className="attack-progress-lab">{lab.title}</span>
            <progress max={lab.total} value={lab.both} aria-label={`${lab.title}: exploited and blocked`} />
            <span className="small-text muted">
              {lab.both}/{lab.total} done, {lab.tried} tried
            </span>
          </li>
        ))}
      </ul>
      {children}
    </section>
  );
}
