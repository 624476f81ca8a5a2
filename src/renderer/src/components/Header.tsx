import { useStore } from '../store';
import { ClockControl } from './ClockControl';
import { LAB_RESET_KEEPS, LAB_RESET_WIPES } from './lab-reset';

export function Header() {
  const origins = useStore((s) => s.meta?.origins);
  const theme = useStore((s) => s.theme);
  const toggleTheme = useStore((s) => s.toggleTheme);
  const resetLab = useStore((s) => s.resetLab);
  const busy = useStore((s) => s.busy);
  const confirmReset = () => {
    if (window.confirm(`Reset the lab? This wipes ${LAB_RESET_WIPES}.\n\nKept: ${LAB_RESET_KEEPS}.`)) {
      void resetLab();
    }
  };
  return (
    <header className="header">
      <div className="brand">
        <span className="logo" aria-hidden>
          AL
        </span>{' '}
        Auth Lab
      </div>
      {origins && (
        <dl className="origins" data-testid="origins">
          {(['app', 'idp', 'client', 'attacker'] as const).map((name) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>
                <code>{origins[name]}</code>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <ClockControl />
      <div className="header-actions">
        <button type="button" disabled={busy} onClick={confirmReset}>
          Reset lab
        </button>
        <button
          type="button"
          onClick={toggleTheme}
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          {theme === 'dark' ? 'Light' : 'Dark'}
        </button>
      </div>
    </header>
  );
}
