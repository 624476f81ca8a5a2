import { useState, type FormEvent } from 'react';
import { formatDuration, useLabNow } from '../../components/useLabNow';
import { useStore } from '../../store';
import type { TransferResult } from './mfa-slice';

/** The demo bank: a transfer needs an authentication in the last 5 minutes of the lab clock. */
export function StepUpCard() {
  const status = useStore((s) => s.mfaStatus);
  const busy = useStore((s) => s.mfaBusy);
  const send = useStore((s) => s.sendTransfer);
  const stepUp = useStore((s) => s.stepUp);
  const advanceClock = useStore((s) => s.advanceClock);
  const now = useLabNow();
  // A transfer's answer, kept with the step-up it was sent under: a new step-up makes it stale.
  const [sent, setSent] = useState<{ result: TransferResult; stepUpValidUntil: string | null } | null>(null);
  const result = sent && sent.stepUpValidUntil === (status?.stepUpValidUntil ?? null) ? sent.result : null;
  const [proof, setProof] = useState('');
  const validUntil = status?.stepUpValidUntil ? Date.parse(status.stepUpValidUntil) : null;
  const fresh = validUntil !== null && validUntil > now;

  const submitTransfer = (event: FormEvent) => {
    event.preventDefault();
    void send('landlord', 800).then((outcome) =>
      setSent({ result: outcome, stepUpValidUntil: useStore.getState().mfaStatus?.stepUpValidUntil ?? null }),
    );
  };
  const submitStepUp = (event: FormEvent) => {
    event.preventDefault();
    // Six digits is a code; anything else is the password.
    void stepUp(/^\d{6}$/.test(proof.trim()) ? { code: proof.trim() } : { password: proof }).then(() => setProof(''));
  };

  return (
    <section className="card" aria-labelledby="mfa-stepup-title" data-lab-step="step-up">
      <h2 id="mfa-stepup-title">Step-up: the bank transfer</h2>
      {!status ? (
        <p className="muted">Sign in to try it. The attack below runs without signing in.</p>
      ) : (
        <>
          <p data-testid="step-up-state">
            {fresh
              ? `Recently authenticated: transfers allowed for ${formatDuration(validUntil! - now)} more.`
              : 'Your last authentication is older than 5 minutes: a transfer needs a step-up.'}
          </p>
          <form onSubmit={submitTransfer}>
            <button type="submit" disabled={busy}>
              Send 800 to landlord
            </button>{' '}
            <button type="button" className="small" onClick={() => void advanceClock(6 * 60_000)}>
              Lab clock +6 min
            </button>
          </form>
          {result && <p className={result.ok ? 'ok' : 'error'}>{result.message}</p>}
          <form className="form" onSubmit={submitStepUp}>
            <label>
              Password or current code
              <input type="password" value={proof} onChange={(e) => setProof(e.target.value)} autoComplete="off" />
            </label>
            <div>
              <button type="submit" disabled={busy || !proof}>
                Step up
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
