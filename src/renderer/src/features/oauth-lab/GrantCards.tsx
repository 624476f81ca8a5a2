import type { HttpAnswer } from '../../../../common/schemas/oauth';
import { useStore } from '../../store';
import { InspectButton } from './FlowViewer';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** Why Lab ID refused a refresh, in the learner's words: the family revoked by a replay is the point of rotation. */
function refusalWhy(answer: HttpAnswer, afterReplay: boolean): string {
  const description = typeof answer.body?.error_description === 'string' ? answer.body.error_description : '';
  if (afterReplay)
    return 'The replay of the old token revoked the whole family, so even the newest token is refused: that is the point. Lab ID cannot tell the thief from the app, so neither keeps the session (RFC 9700 §4.14.2).';
  if (/expired/i.test(description))
    return `${description} A refresh token lives 24 hours unused on the lab clock (14 days at most): sign in again.`;
  return description;
}

/** Rotating refresh tokens: refresh with the newest, or replay the first to trip reuse detection. */
function RefreshCard() {
  const busy = useStore((s) => s.oauthBusy);
  const flow = useStore((s) => s.oauthFlow);
  const refreshRuns = useStore((s) => s.oauthRefreshRuns);
  const runRefresh = useStore((s) => s.runOAuthRefresh);
  const firstRefresh = flow?.tokens.refreshToken;
  // The newest token is the last one Lab ID issued, even when a later run was refused.
  const issued = refreshRuns
    .map((r) => (r.answer.status === 200 ? r.answer.body?.refresh_token : undefined))
    .filter((token): token is string => typeof token === 'string');
  const currentRefresh = issued.at(-1) ?? firstRefresh;
  return (
    <section className="card" aria-labelledby="grant-refresh">
      <h3 id="grant-refresh">Refresh token (rotating)</h3>
      <p className="small-text">
        Each use returns a new refresh token and spends the old one. Using a spent one means it was copied: Lab ID
        revokes the whole family (RFC 9700 §4.14.2).
      </p>
      {firstRefresh ? (
        <p>
          <button
            type="button"
            disabled={busy !== null || !currentRefresh}
            onClick={() => void runRefresh(currentRefresh!)}
          >
            Refresh with the newest token
          </button>{' '}
          <button type="button" disabled={busy !== null} onClick={() => void runRefresh(firstRefresh)}>
            Replay the first (old) token
          </button>
        </p>
      ) : (
        <p className="muted small-text">Run the code flow first: it gets a refresh token (offline_access).</p>
      )}
      <ol className="small-text" data-testid="refresh-runs">
        {refreshRuns.map((r, i) => {
          // A newer token refused after the first one was replayed and refused: the family is gone.
          const afterReplay =
            r.usedToken !== firstRefresh &&
            refreshRuns.slice(0, i).some((e) => e.usedToken === firstRefresh && e.answer.status !== 200);
          return (
            <li key={i}>
              {r.answer.status === 200 ? 'New tokens issued' : `Refused: ${String(r.answer.body?.error)}`} (
              {r.usedToken === firstRefresh ? 'first token' : 'newest token'})
              {r.answer.status !== 200 && <div className="muted">{refusalWhy(r.answer, afterReplay)}</div>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** A backend job's own token, with no user. */
function ClientCredentialsCard() {
  const busy = useStore((s) => s.oauthBusy);
  const cc = useStore((s) => s.oauthClientCredentials);
  const runCc = useStore((s) => s.runOAuthClientCredentials);
  return (
    <section className="card" aria-labelledby="grant-cc" data-lab-step="client-credentials">
      <h3 id="grant-cc">Client credentials</h3>
      <p className="small-text">
        A backend job with no user (“Nightly Report”) authenticates with its own id and secret and gets a token for the
        lab API. No ID token, no refresh token: it can simply ask again.
      </p>
      <button type="button" disabled={busy !== null} onClick={() => void runCc()}>
        {busy === 'client-credentials' ? 'Running…' : 'Run client credentials'}
      </button>
      {cc && (
        <div className="small-text" data-testid="cc-result">
          <p>
            Token endpoint: {cc.token.status}; lab API: {cc.api.status}
          </p>
          <pre className="wrap">{pretty(cc.api.body)}</pre>
          {typeof cc.token.body?.access_token === 'string' && (
            <InspectButton token={cc.token.body.access_token} label="the access token" />
          )}
        </div>
      )}
    </section>
  );
}

/** What each answer to a device poll means (RFC 8628 §3.5), as the device would explain it. */
const POLL_NOTES: Record<string, string> = {
  authorization_pending: ' (the user has not answered yet)',
  slow_down: ' (polled faster than the interval: wait 5 s more)',
  access_denied: ' (the user chose Deny: the device gets nothing)',
  expired_token:
    ' (the device code lives 10 minutes on the lab clock and has expired: start the device flow again for a new code)',
  invalid_grant:
    ' (this device code was already exchanged for tokens: it works once, and the device keeps the tokens it got)',
};

/** The device flow: a short code to enter elsewhere, and the device polling meanwhile. */
function DeviceCard() {
  const busy = useStore((s) => s.oauthBusy);
  const device = useStore((s) => s.oauthDevice);
  const startDevice = useStore((s) => s.startOAuthDevice);
  const pollDevice = useStore((s) => s.pollOAuthDevice);
  const lastPoll = device?.polls.at(-1);
  return (
    <section className="card" aria-labelledby="grant-device" data-lab-step="device-flow">
      <h3 id="grant-device">Device flow (RFC 8628)</h3>
      <p className="small-text">
        For a TV or a CLI without a browser: the device shows a short code, you enter it on Lab ID from another device,
        and the device polls the token endpoint meanwhile.
      </p>
      <button type="button" disabled={busy !== null} onClick={() => void startDevice()}>
        Start the device flow
      </button>
      {device?.start.body && typeof device.start.body.user_code === 'string' && (
        <div className="small-text" data-testid="device-result">
          <p>
            Code to enter: <strong className="user-code">{device.start.body.user_code}</strong> at{' '}
            <a href={String(device.start.body.verification_uri_complete)} target="_blank" rel="noreferrer">
              {String(device.start.body.verification_uri)}
            </a>{' '}
            (opens Lab ID; sign in and choose Allow).
          </p>
          <button type="button" disabled={busy !== null} onClick={() => void pollDevice()}>
            Poll the token endpoint
          </button>
          <ol>
            {device.polls.map((poll, i) => (
              <li key={i}>
                {poll.status === 200 ? 'Tokens issued' : String(poll.body?.error)}
                {POLL_NOTES[String(poll.body?.error)] ?? ''}
              </li>
            ))}
          </ol>
          {lastPoll?.status === 200 && typeof lastPoll.body?.access_token === 'string' && (
            <InspectButton token={lastPoll.body.access_token} label="the device’s access token" />
          )}
        </div>
      )}
    </section>
  );
}

/** The grants: run the modern ones, and why the old ones are gone. */
export function GrantCards() {
  return (
    <div className="grid">
      <section className="card" aria-labelledby="grant-code">
        <h3 id="grant-code">Authorization code + PKCE</h3>
        <p className="small-text">
          For every app with a user: web apps, SPAs and native apps. Only a one-time code passes through the browser;
          tokens come from the back channel, and PKCE binds the code to the app that asked. Run it above.
        </p>
      </section>
      <RefreshCard />
      <ClientCredentialsCard />
      <DeviceCard />
      <section className="card deprecated" aria-labelledby="grant-implicit">
        <h3 id="grant-implicit">Implicit — deprecated</h3>
        <p className="small-text">
          Returned the access token in the URL fragment. Tokens in URLs leak through history, Referer and page scripts,
          and nothing binds them to the client: RFC 9700 §2.1.2 says not to use it. Lab ID refuses it while “Refuse
          implicit and password grants” (<code>oauth.refuseImplicitAndPassword</code>) is on; switch it off to see the
          attack.
        </p>
      </section>
      <section className="card deprecated" aria-labelledby="grant-password">
        <h3 id="grant-password">Resource owner password — deprecated</h3>
        <p className="small-text">
          The app collects the user’s password itself: it trains users to type passwords into any app, cannot do MFA or
          consent, and exposes credentials to the client. RFC 9700 §2.4: MUST NOT be used. While “Refuse implicit and
          password grants” is on, Lab ID answers <code>unsupported_grant_type</code>.
        </p>
      </section>
    </div>
  );
}
