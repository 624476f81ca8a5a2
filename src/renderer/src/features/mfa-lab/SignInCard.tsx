import { useState, type FormEvent } from 'react';
import { DemoAccountSelect, OTHER_ACCOUNT } from '../../components/DemoAccountSelect';
import { useStore } from '../../store';
import { PasswordField } from '../../components/PasswordField';

/** Session login with the MFA step: a code from the authenticator, or a recovery code. */
export function SignInCard() {
  const accounts = useStore((s) => s.accounts);
  const status = useStore((s) => s.mfaStatus);
  const ticket = useStore((s) => s.mfaTicket);
  const busy = useStore((s) => s.mfaBusy);
  const login = useStore((s) => s.mfaLogin);
  const loginCode = useStore((s) => s.mfaLoginCode);
  const logout = useStore((s) => s.mfaLogout);
  const cancel = useStore((s) => s.mfaCancelLogin);
  const [choice, setChoice] = useState('');
  const [otherEmail, setOtherEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const email = choice || accounts.find((a) => a.mfa)?.email || accounts[0]?.email || '';
  const other = email === OTHER_ACCOUNT;
  const account = accounts.find((a) => a.email === email);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ticket) {
      void loginCode(code).then(() => setCode(''));
    } else if (other) void login(otherEmail.trim(), password);
    else if (account) void login(account.email, account.password);
  };

  return (
    <section className="card" aria-labelledby="mfa-login-title">
      <h2 id="mfa-login-title">Sign in</h2>
      {status ? (
        <p data-testid="mfa-user">
          Signed in as <strong>{status.email}</strong>. MFA is{' '}
          <strong data-testid="mfa-enabled">{status.enabled ? 'on' : 'off'}</strong>
          {status.enabled && <> ({status.recoveryCodesLeft} recovery codes left)</>}.
        </p>
      ) : (
        <p className="muted" data-testid="mfa-user">
          Not signed in. The session lab and this page share one session cookie.
        </p>
      )}
      <form className="form" onSubmit={submit}>
        {!status && (
          <>
            <DemoAccountSelect
              value={email}
              onChange={setChoice}
              otherEmail={otherEmail}
              onOtherEmail={setOtherEmail}
              disabled={Boolean(ticket)}
            />
            {other && !ticket && <PasswordField value={password} onChange={setPassword} />}
          </>
        )}
        {ticket && (
          <label>
            Code from your authenticator, or a recovery code
            <input
              type="text"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              data-testid="mfa-login-code"
            />
          </label>
        )}
        <div>
          {(!status || ticket) && (
            <button type="submit" disabled={busy || !(account || other || ticket)}>
              {ticket ? 'Verify code' : 'Log in'}
            </button>
          )}{' '}
          {ticket && (
            <>
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  setCode('');
                  cancel();
                }}
              >
                Cancel
              </button>{' '}
            </>
          )}
          <button type="button" disabled={busy || !status} onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </form>
      {ticket && status && (
        <p className="error small-text" data-testid="mfa-half-login">
          The server already signed this browser in at the password step, before any code: with mfa.bindTicket off the
          code page is decoration (the "2FA simple bypass").
        </p>
      )}
      {ticket && (
        <p className="muted small-text">
          The password was right; nothing is granted yet. The server holds a pending login (an MFA ticket) for 5
          minutes, for this user and this login path, and ends it after 5 wrong codes. The built-in authenticator below
          shows the code for any secret you paste.
        </p>
      )}
    </section>
  );
}
