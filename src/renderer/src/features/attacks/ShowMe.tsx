import type { AttackCatalogueEntry } from '../../../../common/schemas/attacks';
import { useStore } from '../../store';

/** "Show me": the attack run once for the learner to watch, with the defence as it is now. It never marks progress. */
export function ShowMe({ attack }: { attack: AttackCatalogueEntry }) {
  const run = useStore((s) => s.showMe[attack.id]);
  const runShowMe = useStore((s) => s.runShowMe);
  const busy = useStore((s) => s.attackRunning !== null || s.selfCheck.running);
  return (
    <section className="card" aria-labelledby="show-me-title">
      <h2 id="show-me-title">Show me</h2>
      <p className="muted small-text">
        {attack.runsIn === 'browser'
          ? 'The lab page runs this attack here, in this browser, as it is on its own page.'
          : 'The server plays the attacker (and the victim) over real HTTP, with the defence as it is now.'}{' '}
        Watching does not count as doing it: your status only moves with the walkthrough.
      </p>
      <button type="button" disabled={busy || run?.running} onClick={() => void runShowMe(attack.id)}>
        {run?.running ? 'Running…' : 'Show me'}
      </button>
      {run?.error && (
        <p className="error" role="alert">
          {run.error}
        </p>
      )}
      {run && !run.running && !run.error && (
        <div className={run.result.succeeded ? 'error' : 'ok'} role="status" data-testid="show-me-result">
          <p>
            <strong>
              Defence {run.defence}: {run.result.succeeded ? 'the attack succeeded.' : 'the attack failed.'}
            </strong>{' '}
            {run.result.summary}
          </p>
          <ol className="small-text">
            {run.result.steps.map((step, i) => (
              <li key={i}>{step}</li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
