import { TOGGLES } from '../../../../common/toggles';
import { useStore } from '../../store';
import type { MfaAttackInfo } from './attack-catalogue';
import { formatSeconds } from './mfa-attacks';

function BruteForceMeter() {
  const progress = useStore((s) => s.bruteProgress);
  if (!progress) return null;
  return (
    <p className="small-text" data-testid="brute-force-progress" aria-live="polite">
      Attempts: <strong data-testid="brute-force-attempts">{progress.attempts}</strong> · rate{' '}
      {progress.perSecond.toFixed(0)}/s · last guess <code>{progress.last}</code> · expected time to success at this
      rate: <strong>{formatSeconds(progress.expectedSeconds)}</strong>
    </p>
  );
}

/** One 2FA attack: its defence switch, a run button, and the outcome explained. */
export function MfaAttackCard({ attack }: { attack: MfaAttackInfo }) {
  const toggles = useStore((s) => s.meta?.toggles);
  const setToggles = useStore((s) => s.setToggles);
  const run = useStore((s) => s.runMfaAttack);
  const running = useStore((s) => s.mfaAttackRunning);
  const stored = useStore((s) => s.mfaAttackResults[attack.id]);
  // An outcome describes the switches it ran with; once one is flipped it no longer applies.
  const result =
    stored && attack.toggles.every((name) => (stored.toggles[name] ?? true) === (toggles?.[name] ?? true))
      ? stored
      : undefined;
  const vulnerable = attack.toggles.some((name) => toggles?.[name] === false);
  return (
    <li
      className={`card ${vulnerable ? 'vulnerable' : ''}`}
      data-testid={`mfa-attack-${attack.id}`}
      {...(attack.step ? { 'data-lab-step': attack.step } : {})}
    >
      <h3>{attack.title}</h3>
      {attack.toggles.map((name) => {
        const on = toggles?.[name] ?? true;
        const info = TOGGLES.find((t) => t.name === name);
        return (
          <label className="switch" key={name}>
            <input
              type="checkbox"
              role="switch"
              checked={on}
              disabled={!toggles || running !== null}
              onChange={(event) => void setToggles({ [name]: event.target.checked })}
            />
            <span>
              <code>{name}</code> — {on ? 'secure' : 'vulnerable'}
              <span className="muted small-text"> ({(on ? info?.label : info?.whenOff) ?? name})</span>
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
      <button type="button" disabled={running !== null} onClick={() => void run(attack.id)}>
        {running === attack.id ? 'Running…' : `Run attack: ${attack.title}`}
      </button>
      {attack.id === 'brute-force' && <BruteForceMeter />}
      {result && (
        <div
          className={result.succeeded ? 'error' : 'ok'}
          role="status"
          data-testid={`mfa-attack-${attack.id}-result`}
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
