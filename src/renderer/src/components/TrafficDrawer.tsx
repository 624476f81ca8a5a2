import { useState } from 'react';
import type { TrafficEntry } from '../../../common/api';
import { useStore } from '../store';

const MEANING_LABEL: Record<TrafficEntry['meanings'][number], string> = {
  cookie_set: 'cookie set',
  cookie_cleared: 'cookie cleared',
  token_issued: 'token issued',
  unauthenticated: '401 not authenticated',
  forbidden: '403 not allowed',
  rate_limited: '429 rate limited',
  client_error: 'client error',
  server_error: 'server error',
};

function statusClass(status: number): string {
  if (status >= 500) return 'status-5xx';
  if (status >= 400) return 'status-4xx';
  if (status >= 300) return 'status-3xx';
  return 'status-2xx';
}

function Headers({ headers }: { headers: Record<string, string> }) {
  return (
    <table className="table compact">
      <tbody>
        {Object.entries(headers).map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>
              <code>{value}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function prettyBody(body: string | null): string {
  if (!body) return '(empty)';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function ExchangeDetail({ entry }: { entry: TrafficEntry }) {
  return (
    <div className="exchange-detail" data-testid="exchange-detail">
      <div>
        <h4>Request</h4>
        <Headers headers={entry.requestHeaders} />
        <pre>{prettyBody(entry.requestBody)}</pre>
      </div>
      <div>
        <h4>Response</h4>
        <Headers headers={entry.responseHeaders} />
        <pre>{prettyBody(entry.responseBody)}</pre>
      </div>
    </div>
  );
}

/** Every exchange on every origin, live. Click a row to see headers and bodies. */
export function TrafficDrawer() {
  const traffic = useStore((s) => s.traffic);
  const open = useStore((s) => s.trafficOpen);
  const setOpen = useStore((s) => s.setTrafficOpen);
  const connected = useStore((s) => s.trafficConnected);
  const clearView = useStore((s) => s.clearTrafficView);
  const [expanded, setExpanded] = useState<number | null>(null);
  return (
    <section className={`drawer ${open ? 'open' : ''}`} aria-label="Traffic">
      <div className="drawer-bar">
        <button type="button" aria-expanded={open} aria-controls="traffic-list" onClick={() => setOpen(!open)}>
          {open ? '▾' : '▴'} Traffic ({traffic.length})
        </button>
        <span className={`live ${connected ? 'on' : ''}`} title={connected ? 'Live' : 'Reconnecting…'}>
          {connected ? '● live' : '○ offline'}
        </span>
        {open && (
          <button type="button" className="small" onClick={clearView}>
            Clear view
          </button>
        )}
      </div>
      {open && (
        <div id="traffic-list" className="drawer-body">
          {traffic.length === 0 && <p className="muted">No requests yet. Use a lab and watch them appear here.</p>}
          <table className="table traffic" data-testid="traffic-table">
            <tbody>
              {[...traffic].reverse().map((entry) => (
                <FragmentRow
                  key={entry.id}
                  entry={entry}
                  expanded={expanded === entry.id}
                  onToggle={() => setExpanded(expanded === entry.id ? null : entry.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function FragmentRow({ entry, expanded, onToggle }: { entry: TrafficEntry; expanded: boolean; onToggle: () => void }) {
  return (
    <>
      <tr className="traffic-row" data-testid="traffic-row">
        <td>{new Date(entry.at).toLocaleTimeString()}</td>
        <td>
          <span className="chip">{entry.origin}</span>
        </td>
        <td>
          <button type="button" className="link" aria-expanded={expanded} onClick={onToggle}>
            <strong>{entry.method}</strong> {entry.url}
          </button>
        </td>
        <td className={statusClass(entry.status)}>{entry.status}</td>
        <td>{entry.durationMs} ms</td>
        <td>
          {entry.meanings.map((m) => (
            <span key={m} className="chip">
              {MEANING_LABEL[m]}
            </span>
          ))}
        </td>
      </tr>
      {expanded && (
        <tr>
          <td colSpan={6} className="exchange-cell">
            <ExchangeDetail entry={entry} />
          </td>
        </tr>
      )}
    </>
  );
}
