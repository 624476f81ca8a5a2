import { useState, type FormEvent } from 'react';
import { CopyButton } from '../../components/CopyButton';
import { useStore } from '../../store';
import { saveTextFile } from '../drills/save-file';

/** Recovery codes: shown once, copy or download them; make a new set (which voids the old one). */
export function RecoveryCodesCard() {
  const codes = useStore((s) => s.mfaRecoveryCodes);
  const status = useStore((s) => s.mfaStatus);
  const busy = useStore((s) => s.mfaBusy);
  const regenerate = useStore((s) => s.regenerateRecoveryCodes);
  const [code, setCode] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const text = codes
    ? `Auth Lab recovery codes for ${status?.email ?? 'your account'}\nEach works once, in place of a code.\n\n${codes.join('\n')}\n`
    : '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void regenerate(code).then(() => setCode(''));
  };
  return (
    <section className="card" aria-labelledby="mfa-recovery-title" data-lab-step="recovery-codes">
      <h2 id="mfa-recovery-title">Recovery codes</h2>
      <p className="muted small-text">
        For the day the phone is lost. Ten codes, each good for one login in place of a 6-digit code. The server keeps
        only a salted bcrypt hash of each (like a password), so it can check a code but never show it again.
      </p>
      {codes ? (
        <>
          <ul className="recovery-codes" data-testid="recovery-codes">
            {codes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <p>
            <CopyButton value={codes.join('\n')} label="recovery codes" />{' '}
            <button
              type="button"
              className="small"
              onClick={() => void saveTextFile('auth-lab-recovery-codes.txt', text, 'text/plain').then(setSaved)}
            >
              Download .txt
            </button>{' '}
            {saved && <span className="muted small-text">{saved}</span>}
          </p>
          <p className="small-text">This is the only time they are shown. Leave the page and they are gone.</p>
        </>
      ) : (
        <p className="small-text">
          {status?.enabled
            ? `${status.recoveryCodesLeft} of 10 unused. Lost them? Make a new set: the old one stops working.`
            : 'You get them when you turn MFA on.'}
        </p>
      )}
      {status?.enabled && (
        <form className="form" onSubmit={submit}>
          <label>
            Current code (proves it is you)
            <input type="text" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} />
          </label>
          <div>
            <button type="submit" disabled={busy || !code}>
              New recovery codes
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
