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

/** A real run of the code flow with PKCE, one step per front- or back-channel exchange. */
export function FlowViewer() {
  const flow = useStore((s) => s.oauthFlow);
  const busy = useStore((s) => s.oauthBusy);
  const run = useStore((s) => s.runOAuthFlow);
  return (
    <section className="card" aria-labelledby="oauth-flow-title" data-lab-step="code-flow">
      <h2 id="oauth-flow-title">The authorization code flow, step by step</h2>
      <p className="muted small-text">
        Runs the real flow: Your App’s PKCE pair, Lab ID’s sign-in and consent pages (as user@authlab.test), the
        redirect back with the code, the token request, ID token checks and a call to the lab API. Nothing is simulated;
        every exchange also appears in the traffic drawer.
      </p>
      <button type="button" onClick={() => void run()} disabled={busy !== null}>
        {busy === 'flow' ? 'Running…' : flow ? 'Run the flow again' : 'Run the code flow'}
      </button>
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
