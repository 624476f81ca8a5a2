import { TOGGLES } from '../../../../common/toggles';
import { useStore } from '../../store';
import type { OAuthAttackInfo } from './attack-catalogue';

/**
 * One OAuth attack: its switch, its plan, a run button and what happened.
 * It mirrors the session lab's AttackCard (same classes and layout); move to
 * the shared AttackCard once that lands.
 */
export function OAuthAttackCard({ attack }: { attack: OAuthAttackInfo }) {
  const on = useStore((s) => s.meta?.toggles[attack.toggles[0]] ?? true);
  const loaded = useStore((s) => s.meta !== null);
  const setToggles = useStore((s) => s.setToggles);
  const run = useStore((s) => s.runOAuthAttack);
  const busy = useStore((s) => s.oauthBusy);
  const stored = useStore((s) => s.oauthAttackResults[attack.id]);
  // An outcome only describes the switch it ran with.
  const result = stored && stored.defenceOn === on ? stored : undefined;
  const attackerOrigin = useStore((s) => s.meta?.origins.attacker);
  const info = TOGGLES.find((t) => t.name === attack.toggles[0]);
  return (
    <li className={`card ${on ? '' : 'vulnerable'}`} data-testid={`attack-${attack.id}`} data-lab-step={attack.step}>
      <h3>{attack.title}</h3>
      <label className="switch">
        <input
          type="checkbox"
          role="switch"
          checked={on}
          disabled={!loaded}
          onChange={(event) => void setToggles({ [attack.toggles[0]]: event.target.checked })}
        />
        <span>
          <code>{attack.toggles[0]}</code> — {on ? 'secure' : 'vulnerable'}
          <span className="muted small-text"> ({(on ? info?.label : info?.whenOff) ?? attack.toggles[0]})</span>
        </span>
      </label>
      <ol className="small-text">
        {attack.how.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <button type="button" disabled={busy !== null} onClick={() => void run(attack.id)}>
        {busy === attack.id ? 'Running…' : `Run attack: ${attack.title}`}
      </button>
      {attack.attackerPage && attackerOrigin && (
        <p className="small-text">
          Or be the victim yourself:{' '}
          <a href={`${attackerOrigin}${attack.attackerPage}`} target="_blank" rel="noreferrer">
            open the attacker’s page
          </a>{' '}
          (another site) in this browser.
        </p>
      )}
      {result && (
        <div
          className={result.outcome === 'succeeded' ? 'error' : 'ok'}
          role="status"
          data-testid={`attack-${attack.id}-result`}
        >
          <strong>{result.outcome === 'succeeded' ? 'Attack succeeded.' : 'Attack failed.'}</strong> {result.summary}
          <ol className="small-text">
            {result.steps.map((step, i) => (
              <li key={i}>{step}</li>
            ))}
          </ol>
          <p className="small-text">
            <strong>Why:</strong> {attack.defence}
          </p>
        </div>
      )}
    </li>
  );
}
