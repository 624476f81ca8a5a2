import { useEffect, useState, type FormEvent } from 'react';
import { useStore } from '../../store';
import { tokenOfLink } from './password-answers';
import type { PasswordOutcome } from './password-slice';
import { StepAttacks } from './StepAttacks';

function OutcomeLine({ outcome, testId }: { outcome: PasswordOutcome | undefined; testId: string }) {
  if (!outcome) return null;
  return (
    <p className={outcome.ok ? 'ok' : 'error'} role={outcome.ok ? 'status' : 'alert'} data-testid={testId}>
      {outcome.text}
    </p>
  );
}

/** The token of the reset link this page was opened with, following the hash as it changes. */
function useResetToken(): string | null {
  const [token, setToken] = useState(() => tokenOfLink(window.location.href));
  useEffect(() => {
    const follow = () => setToken(tokenOfLink(window.location.href));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return token;
}

function ForgotCard() {
  const requestResetLink = useStore((s) => s.requestResetLink);
  const outcome = useStore((s) => s.passwordOutcomes.forgot);
  const [email, setEmail] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await requestResetLink(email);
  };
  return (
    <section className="card" aria-labelledby="forgot-title">
      <h2 id="forgot-title">1. Forgot your password?</h2>
      <p className="muted small-text">
        Every email gets the same answer, so this form does not tell anyone which accounts exist.
      </p>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Account email
          <input type="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <button type="submit">Send reset link</button>
      </form>
      <OutcomeLine outcome={outcome} testId="forgot-outcome" />
    </section>
  );
}

function InboxCard() {
  const inbox = useStore((s) => s.inbox);
  const loadInbox = useStore((s) => s.loadInbox);
  useEffect(() => {
    void loadInbox();
  }, [loadInbox]);
  const resetMails = inbox.filter((mail) => mail.subject.includes('password'));
  return (
    <section className="card" aria-labelledby="pw-inbox-title">
      <h2 id="pw-inbox-title">2. Lab inbox</h2>
      <button type="button" className="small" onClick={() => void loadInbox()}>
        Refresh inbox
      </button>
      {resetMails.length === 0 && <p className="muted">No password mail yet.</p>}
      <ul className="inbox" data-testid="password-inbox">
        {resetMails.map((mail) => (
          <li key={mail.id}>
            <strong>{mail.subject}</strong> <span className="muted">to {mail.to}</span>
            <p className="small-text">{mail.text.replace(/token=[A-Za-z0-9_-]+/g, 'token=…')}</p>
            {mail.links
              .filter((link) => tokenOfLink(link))
              .map((link) => (
                <a key={link} href={link}>
                  Open reset link for {mail.to}
                </a>
              ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ResetCard({ token }: { token: string | null }) {
  const resetPassword = useStore((s) => s.resetPassword);
  const outcome = useStore((s) => s.passwordOutcomes.reset);
  const [password, setPassword] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (token) await resetPassword(token, password);
  };
  return (
    <section className="card" aria-labelledby="reset-title">
      <h2 id="reset-title">3. Choose a new password</h2>
      {token ? (
        <form onSubmit={(event) => void submit(event)}>
          <p className="muted small-text">
            The link&apos;s token is in the URL fragment, which the browser never sends to a server, and this page sends
            no Referer (Referrer-Policy: no-referrer).
          </p>
          <label>
            New password
            <input
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
          <button type="submit">Set new password</button>
        </form>
      ) : (
        <p className="muted">Open a reset link from the inbox to continue.</p>
      )}
      <OutcomeLine outcome={outcome} testId="reset-outcome" />
    </section>
  );
}

function SignInCheckCard() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const checkSignIn = useStore((s) => s.checkSignIn);
  const outcome = useStore((s) => s.passwordOutcomes['sign-in']);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await checkSignIn(email, password);
  };
  return (
    <section className="card" aria-labelledby="check-title">
      <h2 id="check-title">4. Sign in with the new password</h2>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Sign-in email
          <input type="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          Sign-in password
          <input type="password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        <button type="submit">Sign in</button>
      </form>
      <OutcomeLine outcome={outcome} testId="signin-outcome" />
    </section>
  );
}

/** The reset step: the flow end to end through the lab inbox, then the attacks on the link itself. */
export function ResetStep() {
  const token = useResetToken();
  return (
    <section aria-labelledby="reset-step-title" data-lab-step="reset">
      <h2 id="reset-step-title">Reset by mail</h2>
      <p className="lead">
        A password reset is a login by mail: whoever holds the link holds the account. Ask for a link, open it from the
        lab inbox, set a new password, and sign in with it. Then attack the link itself with each defence on and off.
      </p>
      <div className="grid">
        <ForgotCard />
        <InboxCard />
      </div>
      <div className="grid">
        <ResetCard token={token} />
        <SignInCheckCard />
      </div>
      <StepAttacks step="reset" title="Reset attacks" />
    </section>
  );
}
