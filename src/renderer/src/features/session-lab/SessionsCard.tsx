import { useStore } from '../../store';

/** Your live sessions on the server, each with an "End" button. */
export function SessionsCard() {
  const sessions = useStore((s) => s.mySessions);
  const endSession = useStore((s) => s.endSession);
  const busy = useStore((s) => s.sessionBusy);
  return (
    <section className="card" aria-labelledby="my-sessions-title">
      <h2 id="my-sessions-title">Your sessions</h2>
      {sessions.length === 0 ? (
        <p className="muted">No live sessions for the signed-in user.</p>
      ) : (
        <table className="table compact" data-testid="my-sessions">
          <thead>
            <tr>
              <th>Device</th>
              <th>Created</th>
              <th>Last seen</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.current && <span className="chip">this one</span>}
                  {s.rememberMe && <span className="chip">remembered</span>}
                  <span className="small-text">{s.userAgent ?? 'unknown'}</span>
                </td>
                <td>{new Date(s.createdAt).toLocaleString()}</td>
                <td>{new Date(s.lastSeenAt).toLocaleString()}</td>
                <td>
                  <button
                    type="button"
                    className="small"
                    disabled={busy}
                    onClick={() => void endSession(s.id)}
                    aria-label={`End session created ${new Date(s.createdAt).toLocaleString()}`}
                  >
                    End
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
