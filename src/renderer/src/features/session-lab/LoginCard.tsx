import { useState, type FormEvent } from 'react';
import { DemoAccountSelect, OTHER_ACCOUNT } from '../../components/DemoAccountSelect';
import { useStore } from '../../store';
import { PasswordField } from '../../components/PasswordField';

/** Log in as a demo account or a registered one, with "remember me" and the MFA step. */
export function LoginCard({ email, onEmail }: { email: string; onEmail: (email: string) => void }) {
  const accounts = useStore((s) => s.accounts);
  const user = useStore((s) => s.sessionUser);
  const busy = useStore((s) => s.sessionBusy);
  const pendingMfa = useStore((s) => s.pendingMfaTicket);
  const login = useStore((s) => s.sessionLogin);
  const loginMfa = useStore((s) => s.sessionLoginMfa);
  const logout = useStore((s) => s.sessionLogout);
  const [rememberMe, setRememberMe] = useState(false);
  const [code, setCode] = useState('');
  const error = useStore((s) => s.sessionError);
  const [otherEmail, setOtherEmail] = useState('');
  const other = email === OTHER_ACCOUNT;
  const account = accounts.find((a) => a.email === email);
  // Prefilled from the demo account; afterwards it holds exactly what the learner typed (as in the JWT lab).
  const [typed, setTyped] = useState<{ for: string; password: string } | null>(null);
  const password = typed?.for === email ? typed.password : (account?.password ?? '');
  const setPassword = (value: string) => setTyped({ for: email, password: value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pendingMfa) void loginMfa(code);
    else if (other) void login(otherEmail.trim(), password, rememberMe);
    else if (account) void login(account.email, password, rememberMe);
  };

  return (
    <section className="card" aria-labelledby="session-login-title">
      <h2 id="session-login-title">Log in</h2>
      {user ? (
        <p data-testid="session-user">
          Signed in as <strong>{user.email}</strong> ({user.role}
          {user.displayName ? `, display name "${user.displayName}"` : ''}).
        </p>
      ) : (
        <p className="muted" data-testid="session-user">
          Not signed in.
        </p>
      )}
      <form className="form" onSubmit={submit}>
        <DemoAccountSelect
          value={email}
          onChange={onEmail}
          otherEmail={otherEmail}
          onOtherEmail={setOtherEmail}
          disabled={Boolean(pendingMfa)}
        />
        {!pendingMfa && <PasswordField value={password} onChange={setPassword} />}
        {pendingMfa ? (
          <label>
            Code (from the TOTP secret shown on the Overview page)
            <input
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </label>
        ) : (
          <label className="inline">
            <input type="checkbox" checked={rememberMe} onChange={(e) => setRememberMe(e.target.checked)} /> Remember me
            (persistent cookie; the server keeps the session up to 30 days instead of 8 hours, and the 15-minute idle
            timeout still applies)
          </label>
        )}
        <div>
          <button type="submit" disabled={busy || !(account || other)}>
            {pendingMfa ? 'Verify code' : 'Log in'}
          </button>{' '}
          <button type="button" disabled={busy || !user} onClick={() => void logout()}>
            Log out
          </button>
        </div>
        {error && (
          <p className="error" role="alert" data-testid="session-error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
