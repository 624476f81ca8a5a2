import { useState, type FormEvent } from 'react';
import { DemoAccountSelect, OTHER_ACCOUNT } from '../../components/DemoAccountSelect';
import { useStore } from '../../store';
import { PasswordField } from '../../components/PasswordField';

/** How many exchanges the "Use the tokens" table shows, newest first. */
const SHOWN_EXCHANGES = 8;

/** Sign in to the JWT lab as a demo account or a registered one (an MFA account asks for a code). */
export function LoginPanel() {
  const accounts = useStore((s) => s.accounts);
  const login = useStore((s) => s.jwtLogin);
  const loginMfa = useStore((s) => s.jwtLoginMfa);
  const mfaTicket = useStore((s) => s.jwtMfaTicket);
  const loginError = useStore((s) => s.jwtLoginError);
  const [choice, setChoice] = useState('user@authlab.test');
  const [otherEmail, setOtherEmail] = useState('');
  // Prefilled from the demo account once; afterwards it holds exactly what the learner typed (even nothing).
  const [password, setPassword] = useState(() => accounts.find((a) => a.email === choice)?.password ?? '');
  const [rememberMe, setRememberMe] = useState(false);
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(false);
  const pick = (value: string) => {
    setChoice(value);
    setPassword(value === OTHER_ACCOUNT ? '' : (accounts.find((a) => a.email === value)?.password ?? ''));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    try {
      await login(choice === OTHER_ACCOUNT ? otherEmail.trim() : choice, password, rememberMe);
    } finally {
      setPending(false);
    }
  };
  return (
    <section className="card" aria-labelledby="jwt-login-title">
      <h2 id="jwt-login-title">Sign in</h2>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <DemoAccountSelect
          className="jwt-select"
          value={choice}
          onChange={pick}
          otherEmail={otherEmail}
          onOtherEmail={setOtherEmail}
        />
        <PasswordField value={password} onChange={setPassword} />
        <label className="inline">
          <input type="checkbox" checked={rememberMe} onChange={(e) => setRememberMe(e.target.checked)} /> Remember me
          (30-day refresh cookie instead of 7 days, kept after the browser closes)
        </label>
        <button type="submit" disabled={pending}>
          Sign in with JWT
        </button>
        {loginError && !mfaTicket && (
          <p className="error" role="alert" data-testid="jwt-login-error">
            {loginError}
          </p>
        )}
      </form>
      {mfaTicket && (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void loginMfa(code);
          }}
        >
          <label>
            Code
            <input type="text" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} />
          </label>
          <button type="submit">Verify code</button>
          {loginError && (
            <p className="error" role="alert" data-testid="jwt-login-error">
              {loginError}
            </p>
          )}
        </form>
      )}
    </section>
  );
}

/** The calls a client makes with its tokens, and what came back. */
export function CallsPanel() {
  const token = useStore((s) => s.jwtAccessToken);
  const call = useStore((s) => s.jwtCall);
  const refresh = useStore((s) => s.jwtRefresh);
  const race = useStore((s) => s.jwtRaceRefresh);
  const logout = useStore((s) => s.jwtLogout);
  const logoutAll = useStore((s) => s.jwtLogoutAll);
  const exchanges = useStore((s) => s.jwtExchanges);
  const error = useStore((s) => s.jwtError);
  return (
    <section className="card" aria-labelledby="jwt-calls-title" data-lab-step="refresh logout logout-all">
      <h2 id="jwt-calls-title">Use the tokens</h2>
      <div className="row">
        <button type="button" className="small" onClick={() => void call('/api/jwt/me')}>
          GET /me
        </button>
        <button type="button" className="small" onClick={() => void call('/api/jwt/admin')}>
          GET /admin
        </button>
        <button type="button" className="small" onClick={() => void refresh()}>
          Refresh
        </button>
        <button type="button" className="small" onClick={() => void race()}>
          Second tab: race a refresh
        </button>
        <button type="button" className="small" onClick={() => void logout()}>
          Log out
        </button>
        <button type="button" className="small" disabled={!token} onClick={() => void logoutAll()}>
          Log out everywhere
        </button>
      </div>
      <p className="muted small-text">
        Log out revokes this refresh family and deny-lists this access token until it expires. Log out everywhere bumps
        your token version: every token of every device fails at its next check. The race sends one refresh cookie twice
        at once: exactly one wins, and the loser looks like a reuse, so the family is revoked — real apps let one tab
        refresh and share the result.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table className="table compact" data-testid="jwt-exchanges">
        <thead>
          <tr>
            <th scope="col">Request</th>
            <th scope="col">Status</th>
            <th scope="col">Answer</th>
          </tr>
        </thead>
        <tbody>
          {exchanges.slice(0, SHOWN_EXCHANGES).map((x, i) => (
            <tr key={i}>
              <td>{x.label}</td>
              <td className={x.status < 300 ? 'status-2xx' : 'status-4xx'}>{x.status}</td>
              <td className="answer-cell">
                <code className="small-text">{wrapLongTokens(summarize(x.body))}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Words wrap normally; only long unbroken runs (tokens, JSON) may break anywhere. */
function wrapLongTokens(text: string) {
  return text.split(/(\s+)/).map((part, i) =>
    part.length > 24 ? (
      <span key={i} className="long-token">
        {part}
      </span>
    ) : (
      part
    ),
  );
}

function summarize(body: unknown): string {
  if (!body || typeof body !== 'object') return String(body ?? '');
  const b = body as Record<string, unknown>;
  if (typeof b.error === 'string') return `${b.error}: ${String(b.message ?? '')}`;
  if (typeof b.accessToken === 'string')
    return `new access token …${b.accessToken.slice(-12)} (${String(b.expiresIn)} s)`;
  const text = JSON.stringify(body);
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}
