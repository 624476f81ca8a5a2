import { useState, type FormEvent } from 'react';
import { DemoAccountSelect } from '../../components/DemoAccountSelect';
import { useStore } from '../../store';

/** Sign in to the JWT lab as one of the demo accounts (the MFA one asks for a code). */
export function LoginPanel() {
  const accounts = useStore((s) => s.accounts);
  const login = useStore((s) => s.jwtLogin);
  const loginMfa = useStore((s) => s.jwtLoginMfa);
  const mfaTicket = useStore((s) => s.jwtMfaTicket);
  const [email, setEmail] = useState('user@authlab.test');
  const [password, setPassword] = useState('');
  const [rememberMe, setRememberMe] = useState(false);
  const [code, setCode] = useState('');
  const pick = (value: string) => {
    setEmail(value);
    setPassword(accounts.find((a) => a.email === value)?.password ?? '');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void login(email, password || (accounts.find((a) => a.email === email)?.password ?? ''), rememberMe);
  };
  return (
    <section className="card" aria-labelledby="jwt-login-title">
      <h2 id="jwt-login-title">Sign in</h2>
      <form className="form" onSubmit={submit}>
        <DemoAccountSelect className="jwt-select" value={email} onChange={pick} />
        <label>
          Password
          <input
            type="text"
            value={password || (accounts.find((a) => a.email === email)?.password ?? '')}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="off"
          />
        </label>
        <label className="inline">
          <input type="checkbox" checked={rememberMe} onChange={(e) => setRememberMe(e.target.checked)} /> Remember me
          (30-day refresh cookie instead of 7 days, kept after the browser closes)
        </label>
        <button type="submit">Sign in with JWT</button>
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
          {exchanges.map((x, i) => (
            <tr key={i}>
              <td>{x.label}</td>
              <td className={x.status < 300 ? 'status-2xx' : 'status-4xx'}>{x.status}</td>
              <td>
                <code className="small-text">{summarize(x.body)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
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
