import { useState, type FormEvent } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { useStore } from '../../store';

/**
 * The server answered step_up_required: the sign-in is older than 5 minutes, and adding an
 * authenticator needs the password again (a stolen session must not add its own app).
 */
function StepUpPrompt({ onConfirmed }: { onConfirmed: () => void }) {
  const confirm = useStore((s) => s.confirmStepUp);
  const busy = useStore((s) => s.mfaBusy);
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void confirm(password).then(() => {
      setPassword('');
      if (useStore.getState().mfaStepUpFor === null) onConfirmed();
    });
  };
  return (
    <form className="form" onSubmit={submit} data-testid="enroll-step-up">
      <p role="alert">
        Your sign-in is older than 5 minutes. Adding an authenticator needs your password again, so a stolen session
        cannot add its own.
      </p>
      <label>
        Your password (step-up)
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
        />
      </label>
      <div>
        <button type="submit" disabled={busy || !password}>
          Confirm and continue
        </button>
      </div>
    </form>
  );
}

/** Turn MFA on (setup → scan → verify) or off (password and code). */
export function EnrollCard() {
  const status = useStore((s) => s.mfaStatus);
  const setup = useStore((s) => s.mfaSetup);
  const busy = useStore((s) => s.mfaBusy);
  const start = useStore((s) => s.startMfaSetup);
  const verify = useStore((s) => s.verifyMfaSetup);
  const disable = useStore((s) => s.disableMfa);
  const stepUpFor = useStore((s) => s.mfaStepUpFor);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');

  const submitVerify = (event: FormEvent) => {
    event.preventDefault();
    // Kept while the server asks for a step-up: the same code is sent again once it is done.
    void verify(code).then(() => useStore.getState().mfaStepUpFor === null && setCode(''));
  };
  const submitDisable = (event: FormEvent) => {
    event.preventDefault();
    void disable(password, code).then(() => {
      setCode('');
      setPassword('');
    });
  };

  return (
    <section className="card" aria-labelledby="mfa-enroll-title" data-lab-step="enroll">
      <h2 id="mfa-enroll-title">Turn MFA on</h2>
      {!status && <p className="muted">Sign in first (any account; a registered one is yours to change).</p>}
      {status && !status.enabled && stepUpFor && (
        <StepUpPrompt
          onConfirmed={() => void (stepUpFor === 'setup' ? start() : verify(code).then(() => setCode('')))}
        />
      )}
      {status && !status.enabled && (
        <>
          <ol className="small-text">
            <li>Setup makes a new 160-bit secret. Nothing changes for your login yet.</li>
            <li>Scan the QR code with an authenticator app, or use the built-in one on this page.</li>
            <li>Type the code it shows. Only a right code turns MFA on: proof the app really has the secret.</li>
          </ol>
          <button type="button" disabled={busy} onClick={() => void start()}>
            {setup ? 'Start again (new secret)' : 'Start setup'}
          </button>
          {setup && (
            <>
              <p>
                <img className="qr-code" src={setup.qrDataUrl} alt="QR code of the otpauth:// URL" />
              </p>
              <p>
                Secret:{' '}
                <code className="secret-text" data-testid="setup-secret">
                  {setup.secret}
                </code>{' '}
                <CopyButton value={setup.secret} label="secret" />
              </p>
              <p className="small-text">
                The QR code holds <code className="secret-text">{setup.otpauthUrl}</code>: the issuer, your account and
                the secret. Anyone who sees it can make your codes, so it is shown only until MFA is on.
              </p>
              <form className="form" onSubmit={submitVerify}>
                <label>
                  Code from the app
                  <input
                    type="text"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    value={code}
                    onChange={(e) => setCode(e.target.value)}
                    data-testid="setup-code"
                  />
                </label>
                <div>
                  <button type="submit" disabled={busy || !code}>
                    Turn on MFA
                  </button>
                </div>
              </form>
            </>
          )}
        </>
      )}
      {status?.enabled && (
        <>
          <p>
            MFA is on for <strong>{status.email}</strong>. The secret is never shown again: to move to a new phone, turn
            MFA off and on.
          </p>
          <form className="form" onSubmit={submitDisable}>
            <label>
              Password
              <input
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="current-password"
              />
            </label>
            <label>
              Code (or a recovery code)
              <input type="text" value={code} onChange={(e) => setCode(e.target.value)} />
            </label>
            <div>
              <button type="submit" disabled={busy || !password || !code}>
                Turn MFA off
              </button>
            </div>
          </form>
          <p className="muted small-text">
            Both are needed: a stolen session alone, or a code seen over a shoulder alone, cannot remove MFA.
          </p>
        </>
      )}
    </section>
  );
}
