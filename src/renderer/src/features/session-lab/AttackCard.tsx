import { TOGGLES } from '../../../../common/toggles';
import { useStore } from '../../store';
import type { AttackInfo } from './attack-catalogue';

/** One attack: its defence switch(es), a run button, and the outcome explained. */
export function AttackCard({ attack, victimEmail }: { attack: AttackInfo; victimEmail: string }) {
  const toggles = useStore((s) => s.meta?.toggles);
  const setToggles = useStore((s) => s.setToggles);
  const runAttack = useStore((s) => s.runAttack);
  const running = useStore((s) => s.attackRunning);
  const clearResult = useStore((s) => s.clearAttackResult);
  const stored = useStore((s) => s.attackResults[attack.id]);
  // An outcome only describes the switches it ran with; a switch flipped since (here or elsewhere) makes it stale.
  const result =
    stored && attack.toggles.every((name) => (stored.toggles?.[name] ?? true) === (toggles?.[name] ?? true))
      ? stored
      : undefined;
  const vulnerable = attack.toggles.some((name) => toggles?.[name] === false);
  return (
    <li
      className={`card ${vulnerable ? 'vulnerable' : ''}`}
      data-testid={`attack-${attack.id}`}
      data-lab-step={attack.id === 'theft' ? 'httponly' : attack.id}
    >
      <h3>{attack.title}</h3>
      {attack.toggles.map((name) => {
        const on = toggles?.[name] ?? true;
        const info = TOGGLES.find((t) => t.name === name);
        // Describe what the switch does in its current position, not the secure behaviour it lacks.
        const description = (on ? info?.label : info?.whenOff) ?? name;
        return (
          <label className="switch" key={name}>
            <input
              type="checkbox"
              role="switch"
              checked={on}
              disabled={!toggles}
              onChange={(event) => {
                clearResult(attack.id);
                void setToggles({ [name]: event.target.checked });
              }}
            />
            <span>
              <code>{name}</code> — {on ? 'secure' : 'vulnerable'}
              <span className="muted small-text" data-testid={`switch-description-${name}`}>
                {' '}
                ({description})
              </span>
            </span>
          </label>
        );
      })}
      <ol className="small-text">
        {attack.plan.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p className="muted small-text">{attack.note}</p>
      <button type="button" disabled={running !== null} onClick={() => void runAttack(attack.id, victimEmail)}>
        {running === attack.id ? 'Running…' : `Run attack: ${attack.title}`}
      </button>
      {result && (
        <div
          className={result.succeeded ? 'error' : 'ok'}
          role="status"
          data-testid={`attack-${attack.id}-result`}
          data-run={result.run}
        >
          <strong>{result.succeeded ? 'Attack succeeded.' : 'Attack failed.'}</strong>
          <ol className="small-text">
            {result.steps.map((step) => (
              <li key={step}>{step}</li>
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
