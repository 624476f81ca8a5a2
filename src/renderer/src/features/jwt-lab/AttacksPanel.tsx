import { TOGGLES } from '../../../../common/toggles';
import { useStore } from '../../store';
import { ATTACK_TOGGLES } from '../../store/jwt-attacks';
import { ATTACK_CATALOG } from './attack-catalog';

/** The lab steps (deep links from drill cards) each attack demonstrates. */
const ATTACK_STEPS: Partial<Record<string, string>> = {
  algNone: 'alg-none',
  keyConfusion: 'key-confusion',
  weakSecret: 'weak-secret',
  kidInjection: 'kid-injection',
  refreshReuse: 'reuse',
  localStorage: 'local-storage',
};

/** Every JWT attack, runnable against the real server with its defence on or off. */
export function AttacksPanel() {
  const toggles = useStore((s) => s.meta?.toggles);
  const setToggles = useStore((s) => s.setToggles);
  const runs = useStore((s) => s.jwtAttackRuns);
  const runAttack = useStore((s) => s.runJwtAttack);
  return (
    <section className="card" aria-labelledby="attacks-title">
      <h2 id="attacks-title">Attacks</h2>
      <p className="muted">
        Run each attack with its defence on, then switch the defence off and run it again. Red means the attacker won.
      </p>
      <ul className="toggle-list">
        {ATTACK_CATALOG.map((attack) => {
          const toggle = ATTACK_TOGGLES[attack.id];
          const on = toggles?.[toggle] ?? true;
          const run = runs[attack.id];
          const definition = TOGGLES.find((t) => t.name === toggle);
          return (
            <li
              key={attack.id}
              className={`card ${on ? '' : 'vulnerable'}`}
              data-testid={`attack-${attack.id}`}
              data-lab-step={ATTACK_STEPS[attack.id]}
            >
              <h3>{attack.title}</h3>
              <p>
                <strong>Attack:</strong> {attack.how}
              </p>
              <div className="row">
                <label className="switch">
                  <input
                    type="checkbox"
                    role="switch"
                    checked={on}
                    onChange={(e) => void setToggles({ [toggle]: e.target.checked })}
                  />
                  <span>
                    <code>{toggle}</code> — {on ? 'defence on' : 'defence off'}
                  </span>
                </label>
                <button
                  type="button"
                  className="small"
                  disabled={run?.running}
                  onClick={() => void runAttack(attack.id)}
                >
                  {run?.running ? 'Running…' : `Run ${attack.title}`}
                </button>
              </div>
              {run?.progress && run.running && (
                <progress
                  className="progress"
                  max={run.progress.total}
                  value={run.progress.tried}
                  aria-label="Progress"
                />
              )}
              {run?.outcome && (
                <div
                  className={`attack-result ${run.outcome.succeeded ? 'succeeded' : 'failed'}`}
                  role="status"
                  data-testid="attack-result"
                >
                  <p>
                    <strong>{run.outcome.succeeded ? 'Attack succeeded' : 'Attack failed'}</strong> (defence was{' '}
                    {run.defenceOn ? 'on' : 'off'}): {run.outcome.summary}
                  </p>
                  <ol className="small-text">
                    {run.outcome.steps.map((step, i) => (
                      <li key={i}>{step}</li>
                    ))}
                  </ol>
                  <p className="muted">
                    <strong>Why:</strong>{' '}
                    {run.defenceOn
                      ? attack.defence
                      : `${definition?.whenOff ?? ''} Turn the defence back on to stop it.`}
                  </p>
                </div>
              )}
              {run?.error && (
                <p className="error" role="alert">
                  {run.error}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
