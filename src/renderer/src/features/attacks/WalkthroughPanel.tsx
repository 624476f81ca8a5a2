import { useEffect } from 'react';
import { LAB_DECLARATIONS } from '../../../../common/labs';
import type { AttackDeclaration } from '../../../../common/lab-registry';
import type { AttackCatalogueEntry } from '../../../../common/schemas/attacks';
import { DefenceSwitch } from '../../components/DefenceSwitch';
import { useStore } from '../../store';
import { StatusBadge } from './AttackList';
import { defenceStateOf } from './catalogue';
import { ShowMe } from './ShowMe';
import { WalkthroughStep } from './WalkthroughStep';

const POLL_MS = 1000;

const declarationOf = (id: string): AttackDeclaration | undefined =>
  LAB_DECLARATIONS.flatMap((lab) => lab.attacks as readonly AttackDeclaration[]).find((a) => a.id === id);

/**
 * Keeps the open walkthrough's attempt live: opened (carried on, or started)
 * with the walkthrough, then read about every second while the tab is
 * visible. The server starts it again by itself when the attack's defence is
 * switched (an attempt counts for one defence state); the next read shows it.
 */
function useLiveAttempt(id: string, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const { openAttempt, refreshAttempt, closeAttempt } = useStore.getState();
    void openAttempt(id);
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void refreshAttempt();
    }, POLL_MS);
    return () => {
      window.clearInterval(timer);
      closeAttempt();
    };
  }, [id, enabled]);
}

/** Where the learner acts: the lab step, the token inspector, the attacker's site. */
function WhereToAct({ attack }: { attack: AttackCatalogueEntry }) {
  const attacker = useStore((s) => s.meta?.origins.attacker);
  return (
    <p className="small-text walkthrough-links">
      Act in: {attack.step && <a href={`#/${attack.lab}/${attack.step}`}>the lab step ({attack.labTitle})</a>}
      {attack.step && ' · '}
      <a href="#/inspector">the token inspector</a>
      {attacker && (
        <>
          {' · '}
          <a href={attacker} target="_blank" rel="noreferrer">
            the attacker&apos;s site ({attacker})
          </a>
        </>
      )}
      {' · '}the traffic drawer below.
    </p>
  );
}

/** One attack opened: its goal, the hand-made steps checked live by the server, its defence switch, and "Show me". */
export function WalkthroughPanel({ attack, onClose }: { attack: AttackCatalogueEntry; onClose: () => void }) {
  const declaration = declarationOf(attack.id);
  const walkthrough = declaration?.walkthrough;
  const defeats = attack.defeats.map((d) => d.toggle);
  const defence = useStore((s) => defenceStateOf(defeats, s.meta?.toggles));
  const attempt = useStore((s) => (s.attempt?.attackId === attack.id ? s.attempt : null));
  const attemptError = useStore((s) => s.attemptError);
  const startAttempt = useStore((s) => s.startAttempt);
  useLiveAttempt(attack.id, walkthrough !== undefined);
  return (
    <section aria-labelledby="walkthrough-title" data-testid="walkthrough">
      <button type="button" className="link" onClick={onClose}>
        ← All attacks
      </button>
      <h1 id="walkthrough-title">
        {attack.title} <StatusBadge status={attack.progress.status} />
      </h1>
      <div className={`card ${defence === 'off' ? 'vulnerable' : ''}`}>
        {defeats.map((name) => (
          <DefenceSwitch key={name} name={name} />
        ))}
        <p className="small-text muted">
          {defence === 'off'
            ? 'Defence off: reach the goal and the attack counts as exploited.'
            : 'Defence on: do the same and see it refused, and the attack counts as blocked.'}{' '}
          Switching restarts the attempt.
        </p>
        <WhereToAct attack={attack} />
      </div>
      {walkthrough ? (
        <div className="card">
          <p>
            <strong>Goal:</strong> {walkthrough.goal}
          </p>
          {walkthrough.victim && (
            <p className="small-text">
              <strong>The victim:</strong> {walkthrough.victim}
            </p>
          )}
          <ol className="walkthrough-steps">
            {walkthrough.steps.map((step, i) => (
              <WalkthroughStep
                key={step.id}
                step={step}
                number={i + 1}
                state={attempt?.steps.find((s) => s.id === step.id)}
              />
            ))}
          </ol>
          {attempt?.note && (
            <p className="muted small-text" data-testid="attempt-note">
              {attempt.note}
            </p>
          )}
          {attemptError && (
            <p className="error" role="alert">
              {attemptError}
            </p>
          )}
          {attempt?.result && (
            <p className={attempt.result === 'exploited' ? 'error' : 'ok'} role="status" data-testid="attempt-result">
              <strong>{attempt.result === 'exploited' ? 'Exploited' : 'Blocked'}</strong>:{' '}
              {attempt.result === 'exploited'
                ? 'you reached the goal with the defence off. Switch it on and try the same again.'
                : 'the same attempt was refused with the defence on.'}
            </p>
          )}
          <button type="button" className="small" onClick={() => void startAttempt(attack.id)}>
            Start again
          </button>
        </div>
      ) : (
        <p className="muted card">This attack has no hands-on walkthrough yet. &quot;Show me&quot; runs it for you.</p>
      )}
      <ShowMe attack={attack} />
    </section>
  );
}
