import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from '../../store';
import { PasswordField } from '../../components/PasswordField';

/** Registration, exactly as a learner's app would do it, and the lab inbox that receives its mail. */
export function AccountsPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const outcome = useStore((s) => s.registration);
  const pending = useStore((s) => s.registering);
  const registerAccount = useStore((s) => s.registerAccount);
  const inbox = useStore((s) => s.inbox);
  const loadInbox = useStore((s) => s.loadInbox);
  useEffect(() => {
    void loadInbox();
  }, [loadInbox]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await registerAccount(email, password);
  };

  return (
    <>
      <h1>Accounts</h1>
      <div className="grid">
        <section className="card" aria-labelledby="register-title">
          <h2 id="register-title">Register</h2>
          <p className="muted">
            The answer is the same whether or not the email exists (no user enumeration); the mail tells the owner.
            Passwords need 8+ characters, any characters at all, and must not be on the breached-password list.
          </p>
          <form onSubmit={(e) => void submit(e)} className="form">
            <label>
              Email
              <input
                type="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoComplete="username"
              />
            </label>
            <PasswordField value={password} onChange={setPassword} autoComplete="new-password" shown={showPassword} />
            <label className="inline">
              <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} /> Show
              password
            </label>
            <button type="submit" disabled={pending}>
              {pending ? 'Registering…' : 'Register'}
            </button>
          </form>
          {outcome?.kind === 'accepted' && (
            <p className="ok" role="status">
              {outcome.message}
            </p>
          )}
          {outcome?.kind === 'error' && (
            <div className="error" role="alert">
              {outcome.reasons.length ? (
                <ul>
                  {outcome.reasons.map((r) => (
                    <li key={r.code}>{r.message}</li>
                  ))}
                </ul>
              ) : (
                <p>{outcome.message}</p>
              )}
            </div>
          )}
        </section>
        <section className="card" aria-labelledby="inbox-title">
          <h2 id="inbox-title">Lab inbox</h2>
          <button type="button" className="small" onClick={() => void loadInbox()}>
            Refresh
          </button>
          {inbox.length === 0 && <p className="muted">No mail yet.</p>}
          <ul className="inbox" data-testid="inbox">
            {inbox.map((mail) => (
              <li key={mail.id}>
                <strong>{mail.subject}</strong>{' '}
                <span className="muted">
                  to {mail.to}, {new Date(mail.at).toLocaleString()}
                </span>
                <p>{mail.text}</p>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
