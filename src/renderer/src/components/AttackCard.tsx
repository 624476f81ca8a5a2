import { useStore } from '../store';
import { textOf, type AttackEntry, type AttackView } from './attack-catalogue';
import { DefenceSwitch } from './DefenceSwitch';

/**
 * One attack of any lab: its defence switch(es), what it does, a run button,
 * and the outcome (or why it could not run) right here on the card.
 */
export function AttackCard({ attack, view }: { attack: AttackEntry; view: AttackView }) {
  const toggles = useStore((s) => s.meta?.toggles);
  const runAttack = useStore((s) => s.runAttack);
  const running = useStore((s) => s.attackRunning);
  const clearAttack = useStore((s) => s.clearAttack);
  const stored = useStore((s) => s.attackRuns[attack.id]);
  // An outcome only describes the switches it ran with; a switch flipped since (here or elsewhere) makes it stale.
  const current =
    stored && attack.defeats.every((name) => (stored.toggles[name] ?? true) === (toggles?.[name] ?? true))
      ? stored
      : undefined;
  const result = current?.running ? undefined : current?.result;
  const vulnerable = attack.defeats.some((name) => toggles?.[name] === false);
  return (
    <li
      className={`card ${vulnerable ? 'vulnerable' : ''}`}
      data-testid={`attack-${attack.id}`}
      data-lab-step={attack.step ?? undefined}
    >
      <h3>{attack.title}</h3>
      {attack.defeats.map((name) => (
        <DefenceSwitch key={name} name={name} disabled={running !== null} onFlip={() => clearAttack(attack.id)} />
      ))}
      <ol className="small-text">
        {textOf(attack.how, view).map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p className="small-text" data-testid={`attack-${attack.id}-defence`}>
        <strong>Defence:</strong> {textOf(attack.defence, view)}
      </p>
      {attack.note && <p className="muted small-text">{attack.note}</p>}
      <button type="button" disabled={running !== null} onClick={() => void runAttack(attack, view)}>
        {running === attack.id ? 'Running…' : `Run attack: ${attack.title}`}
      </button>
      {current?.running && current.progress && (
        <progress
          className="progress"
          max={current.progress.total}
          value={current.progress.tried}
          aria-label="Progress"
        />
      )}
      {current?.error && (
        <p className="error" role="alert" data-testid={`attack-${attack.id}-error`}>
          {current.error}
        </p>
      )}
      {result && (
        <div
          className={result.succeeded ? 'error' : 'ok'}
          role="status"
          data-testid={`attack-${attack.id}-result`}
          data-run={current?.run}
        >
          <p>
            <strong>{result.succeeded ? 'Attack succeeded.' : 'Attack failed.'}</strong>
            {result.summary ? ` ${result.summary}` : ''}
          </p>
          <ol className="small-text">
            {result.steps.map((step, i) => (
              <li key={i}>{step}</li>
            ))}
          </ol>
          <p>
            <strong>Why:</strong> {result.verdict}
          </p>
        </div>
      )}
    </li>
  );
}
