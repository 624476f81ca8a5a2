import type { AttackCatalogueEntry } from '../../../../common/schemas/attacks';
import { useStore } from '../../store';
import { STATUS_LABELS } from './catalogue';

/** The status badge of one attack. */
export function StatusBadge({ status }: { status: AttackCatalogueEntry['progress']['status'] }) {
  return (
    <span className={`chip status-badge status-${status}`} data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}

/** The catalogue's entries: what each attack defeats (and whether that defence is on now), where to try it, its status. */
export function AttackList({
  attacks,
  onOpen,
}: {
  attacks: readonly AttackCatalogueEntry[];
  onOpen: (id: string) => void;
}) {
  // The switches as they are now (the stream follows flips made anywhere), not as the list was loaded.
  const toggles: Readonly<Record<string, boolean>> | undefined = useStore((s) => s.meta?.toggles);
  if (attacks.length === 0) return <p className="muted">No attack matches these filters.</p>;
  return (
    <ul className="attack-catalogue" data-testid="attack-catalogue">
      {attacks.map((attack) => (
        <li
          key={attack.id}
          className="card"
          data-testid={`catalogue-${attack.id}`}
          data-status={attack.progress.status}
        >
          <div className="attack-catalogue-head">
            <h3>
              <button type="button" className="link" onClick={() => onOpen(attack.id)}>
                {attack.title}
              </button>
            </h3>
            <StatusBadge status={attack.progress.status} />
          </div>
          <p className="small-text">
            <span className="chip">{attack.labTitle}</span>
            <span className="chip">{attack.difficulty}</span>
            {attack.runsIn === 'browser' && <span className="chip">runs in the browser</span>}
            {attack.step && <a href={`#/${attack.lab}/${attack.step}`}>Lab step: {attack.step}</a>}
          </p>
          <p className="small-text">
            Defeats:{' '}
            {attack.defeats.map((defence) => {
              const on = toggles?.[defence.toggle] ?? defence.on;
              return (
                <span key={defence.toggle} className={`chip ${on ? '' : 'warn'}`} title={defence.label}>
                  <code>{defence.toggle}</code> {on ? 'on' : 'off'}
                </span>
              );
            })}
          </p>
          <p className="muted small-text">{attack.references.join(' · ')}</p>
        </li>
      ))}
    </ul>
  );
}
