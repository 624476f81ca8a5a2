import { useStore } from '../../store';
import { Countdown } from './Countdown';

/** The cookie as the browser holds it, and the server-side row it names. */
export function CookieCard() {
  const report = useStore((s) => s.cookieReport);
  const scriptCookies = useStore((s) => s.scriptCookies);
  const refresh = useStore((s) => s.refreshSession);
  const lastRow = useStore((s) => s.lastRow);
  const session = report?.session;
  const visible = /(?:^|;\s*)authlab_sid=/.test(scriptCookies);
  return (
    <section className="card" aria-labelledby="cookie-title" data-lab-step="cookie idle-timeout">
      <h2 id="cookie-title">The cookie and the server-side session</h2>
      <button type="button" className="small" onClick={() => void refresh()}>
        Refresh
      </button>
      <h3>In the browser</h3>
      <p data-testid="cookie-present">
        {report?.cookie.present
          ? `The browser sends an authlab_sid cookie (fingerprint ${report.cookie.fingerprint}${report.cookie.signatureValid ? '' : ', bad signature'}).`
          : 'The browser sends no session cookie.'}
      </p>
      <p>
        Page script (<code>document.cookie</code>) sees:{' '}
        <code data-testid="script-cookies">{scriptCookies || '(nothing)'}</code>{' '}
        {report?.cookie.present && !visible && (
          <span className="chip">HttpOnly: hidden from script, still sent with requests</span>
        )}
      </p>
      <p>
        Issued as: <code data-testid="issued-cookie">{session?.issuedCookie ?? '—'}</code>
      </p>
      <h3>On the server</h3>
      {session ? (
        <>
          <dl className="session-row" data-testid="session-row">
            <dt>User</dt>
            <dd>{session.user ? `${session.user.email} (${session.user.role})` : 'anonymous'}</dd>
            <dt>Status</dt>
            <dd>{session.status === 'live' ? 'live' : `expired (${session.status})`}</dd>
            <dt>Created</dt>
            <dd>{new Date(session.createdAt).toLocaleString()}</dd>
            <dt>Last seen</dt>
            <dd>{new Date(session.lastSeenAt).toLocaleString()}</dd>
            <dt>Expires</dt>
            <dd>
              <Countdown until={session.idleExpiresAt} label="idle" testId="idle-countdown" />
              {' · '}
              <Countdown until={session.absoluteExpiresAt} label="absolute" testId="absolute-countdown" />
            </dd>
            {session.adoptedFromUrl && (
              <>
                <dt>Origin</dt>
                <dd>adopted from a URL (legacy entry point)</dd>
              </>
            )}
          </dl>
          <details>
            <summary>Session data</summary>
            <pre>{JSON.stringify(session.data, null, 2)}</pre>
          </details>
        </>
      ) : (
        <p className="muted" data-testid="session-row">
          No session row for this cookie.
        </p>
      )}
      {!session?.user && lastRow && (
        <p data-testid="last-row" className={lastRow.onServer ? 'error' : 'ok'}>
          {lastRow.onServer
            ? `The row of your last session (${lastRow.email}) is still on the server. This browser no longer sends its cookie, but any copy of it still works.`
            : `The row of your last session (${lastRow.email}) is gone from the server: no copy of its cookie can work any more.`}
        </p>
      )}
      <p className="muted small-text">
        Timeouts follow the lab clock: fast-forward it in the header and press Refresh to watch a session expire. Idle
        timeout {report ? report.policy.idleTimeoutMs / 60_000 : 15} min; absolute lifetime{' '}
        {report ? report.policy.absoluteLifetimeMs / 3_600_000 : 8} h (30 days with remember me).
      </p>
    </section>
  );
}
