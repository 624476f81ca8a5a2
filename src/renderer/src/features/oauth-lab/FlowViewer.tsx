import type { CodeFlowRun } from '../../../../common/schemas/oauth';
import { useStore } from '../../store';
import { PkceCalculator } from './PkceCalculator';
import { SequenceDiagram } from './SequenceDiagram';

const CHANNEL: Record<string, string> = {
  front: 'front channel (through the browser: visible in the address bar and history)',
  back: 'back channel (server to server)',
  local: 'no network',
};

/** Opens a token in the token inspector. */
export function InspectButton({ token, label }: { token: string; label: string }) {
  const setInspectorToken = useStore((s) => s.setInspectorToken);
  const navigate = useStore((s) => s.navigate);
  return (
    <button
      type="button"
      onClick={() => {
        setInspectorToken(token);
        navigate('inspector');
      }}
    >
      Open {label} in the token inspector
    </button>
  );
}

/** The other demo account without MFA to run as, when the one that ran cannot sign in. */
const otherAccount = (email: string) => (email === 'admin@authlab.test' ? 'user@authlab.test' : 'admin@authlab.test');

/** Why Lab ID stopped the run at sign-in, and the ways on: a code, another account, or fresh counters. */
function FlowStopped({ flow }: { flow: CodeFlowRun }) {
  const busy = useStore((s) => s.oauthBusy);
  const run = useStore((s) => s.runOAuthFlow);
  const resetAndRun = useStore((s) => s.resetCountersAndRunOAuthFlow);
  const origins = useStore((s) => s.meta?.origins);
  const navigate = useStore((s) => s.navigate);
  if (!flow.stopped) return null;
  const other = otherAccount(flow.account);
  return (
    <div className="error" role="alert" data-testid="flow-stopped">
      <p>
        <strong>The run stopped at sign-in.</strong> {flow.stopped.message}
      </p>
      <p className="oauth-token-buttons">
        <button type="button" disabled={busy !== null} onClick={() => void run(other)}>
          Run as {other}
        </button>
        {flow.stopped.reason === 'throttled' && (
          <button type="button" disabled={busy !== null} onClick={() => void resetAndRun()}>
            Reset the counters and run again
          </button>
        )}
        {flow.stopped.reason === 'mfa_required' && (
          <>
            <a href={origins?.client} target="_blank" rel="noreferrer">
              Sign in through Your App with a code
            </a>
            <button type="button" onClick={() => navigate('mfa-lab')}>
              Open the MFA lab (built-in authenticator)
            </button>
          </>
        )}
      </p>
    </div>
  );
}

/** A real run of the code flow with PKCE, one step per front- or back-channel exchange. */
export function FlowViewer() {
  const flow = useStore((s) => s.oauthFlow);
  const busy = useStore((s) => s.oauthBusy);
  const run = useStore((s) => s.runOAuthFlow);
  return (
    <section className="card" aria-labelledby="oauth-flow-title" data-lab-step="code-flow">
      <h2 id="oauth-flow-title">The authorization code flow, step by step</h2>
      <p className="muted small-text">
        Runs the real flow: Your App’s PKCE pair, Lab ID’s sign-in and consent pages (as{' '}
        {flow?.account ?? 'user@authlab.test'}), the redirect back with the code, the token request, ID token checks and
        a call to the lab API. Nothing is simulated; every exchange also appears in the traffic drawer.
      </p>
      {/* aria-disabled, not disabled: a disabled button loses the keyboard focus to <body> (WCAG 2.2 SC 2.4.3). */}
      <button
        type="button"
        onClick={() => {
          if (busy === null) void run();
        }}
        aria-disabled={busy !== null}
      >
        {busy === 'flow' ? 'Running…' : flow ? 'Run the flow again' : 'Run the code flow'}
      </button>
      {flow && <FlowStopped flow={flow} />}
      {flow && (
        <>
          <SequenceDiagram steps={flow.steps} />
          <ol className="oauth-steps">
            {flow.steps.map((step) => (
              <li key={step.id} data-testid={`flow-step-${step.id}`}>
                <h3>
                  {step.title}{' '}
                  <span className="muted small-text">
                    {step.from} → {step.to}, {CHANNEL[step.channel]}
                  </span>
                </h3>
                {step.request && (
                  <p className="small-text">
                    <code className="wrap">
                      {step.request.method} {step.request.url}
                    </code>
                  </p>
                )}
                {step.response && (
                  <details className="small-text">
                    <summary>
                      Response {step.response.status}
                      {step.response.location ? ` → ${step.response.location.slice(0, 80)}…` : ''}
                    </summary>
                    <pre className="wrap">{JSON.stringify(step.response, null, 2)}</pre>
                  </details>
                )}
                {step.params && (
                  <table className="table compact small-text">
                    <tbody>
                      {step.params.map((p) => (
                        <tr key={p.name}>
                          <th scope="row">
                            <code>{p.name}</code>
                          </th>
                          <td>
                            <code className="wrap">{p.value}</code>
                          </td>
                          <td>{p.why}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                {step.id === 'pkce' && (
                  <div data-lab-step="pkce">
                    <h4>PKCE, computed again in this window</h4>
                    <PkceCalculator verifier={flow.verifier} challenge={flow.challenge} />
                  </div>
                )}
                {step.id === 'callback' && (
                  <p className="small-text" data-lab-step="state">
                    <strong>state</strong> sent <code>{flow.state}</code>, came back unchanged: Your App checks it
                    against the browser that started the login. <strong>iss</strong> <code>{flow.iss}</code> says which
                    server answered (RFC 9207).
                  </p>
                )}
                {step.id === 'id-token' && (
                  <p className="small-text" data-lab-step="nonce">
                    <strong>nonce</strong> <code>{flow.nonce}</code> went out in the authorization request and came back
                    inside the signed ID token, so this token belongs to this login.
                  </p>
                )}
                {step.id === 'token' && (
                  <div className="oauth-token-buttons">
                    {flow.tokens.idToken && <InspectButton token={flow.tokens.idToken} label="the ID token" />}
                    {flow.tokens.accessToken && (
                      <InspectButton token={flow.tokens.accessToken} label="the access token" />
                    )}
                  </div>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
