import { TOGGLES } from '../../../../common/toggles';
import { useStore } from '../../store';

/** Every defence a lab can switch off, with what an attacker gains while it is off. */
export function DefencesPage() {
  const toggles = useStore((s) => s.meta?.toggles);
  const setToggles = useStore((s) => s.setToggles);
  const busy = useStore((s) => s.busy);
  return (
    <>
      <h1>Defences</h1>
      <p className="lead">
        Each switch turns one defence off, for its own lab routes only. The app shell and lab controls always stay
        secure.
      </p>
      <ul className="toggle-list">
        {TOGGLES.map((toggle) => {
          const on = toggles?.[toggle.name] ?? true;
          return (
            <li key={toggle.name} className={`card ${on ? '' : 'vulnerable'}`}>
              <h2 className="defence-title">{toggle.label}</h2>
              <label className="switch">
                <input
                  type="checkbox"
                  role="switch"
                  checked={on}
                  disabled={busy || !toggles}
                  onChange={(event) => void setToggles({ [toggle.name]: event.target.checked })}
                  aria-describedby={`${toggle.name}-desc`}
                />
                <span>
                  {on ? 'Defence on' : 'Defence off (vulnerable)'}: <code>{toggle.name}</code>
                </span>
              </label>
              <p id={`${toggle.name}-desc`} className="muted">
                <strong>When off:</strong> {toggle.whenOff}
              </p>
              <p className="muted small-text">Source: {toggle.source}</p>
            </li>
          );
        })}
      </ul>
    </>
  );
}
