import type { RateLimitCounter } from '../../../../common/schemas/ratelimit';
import { useStore } from '../../store';

function CounterRows({ rows, empty }: { rows: readonly RateLimitCounter[]; empty: string }) {
  if (rows.length === 0) return <p className="muted small-text">{empty}</p>;
  return (
    <table className="table small-text">
      <thead>
        <tr>
          <th scope="col">key</th>
          <th scope="col">count / limit</th>
          <th scope="col">in flight</th>
          <th scope="col">window resets in</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className={row.limited ? 'rl-limited' : ''} data-testid="rl-counter">
            <td>
              <code>{row.key}</code>
            </td>
            <td>
              {row.count} / {row.limit ?? '—'}
              {row.limited ? ' (limited)' : ''}
            </td>
            <td>{row.inFlight}</td>
            <td title={`window ${row.windowStart} → ${row.resetAt} (lab clock)`}>{row.resetInSeconds} s</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Both limits' live counters from GET /api/lab/ratelimit/counters, and the address the server keys this browser on. */
export function CountersCard() {
  const counters = useStore((s) => s.rlCounters);
  const client = useStore((s) => s.rlClient);
  const refresh = useStore((s) => s.refreshCounters);
  const reset = useStore((s) => s.resetCounters);
  const running = useStore((s) => s.rlRun.running);
  const login = counters?.login.counters.filter((c) => c.kind !== 'other') ?? [];
  return (
    <section className="card" aria-labelledby="rl-counters-title">
      <h2 id="rl-counters-title">Live counters</h2>
      <p className="muted small-text">
        The server keys every limit on <code>request.ip</code>. For this browser that is{' '}
        <strong data-testid="rl-client-ip">{client?.ip ?? '…'}</strong>
        {client?.forwardedFor ? ` (X-Forwarded-For: ${client.forwardedFor})` : ''}.
        {client && !client.trustProxy && ' No proxy is configured, so X-Forwarded-For is not believed.'}
      </p>
      <div className="row-actions">
        <button type="button" className="small" onClick={() => void refresh()}>
          Refresh
        </button>
        <button type="button" className="small" disabled={running} onClick={() => void reset()}>
          Reset counters
        </button>
      </div>
      <h3>
        Failed logins{' '}
        <span className="muted small-text">
          {counters?.login.enabled === false
            ? '(ratelimit.login is off: nothing is counted)'
            : `(per account from one address ${counters?.login.perAccount ?? 5}, per IP ${counters?.login.perIp ?? 50}, per account from everywhere ${counters?.login.accountWideSlowAfter ?? 20} then slowed, per ${Math.round((counters?.login.windowMs ?? 900_000) / 60_000)} min; SQLite)`}
        </span>
      </h3>
      <CounterRows rows={login.slice(0, 12)} empty="No failures counted in the current window." />
      <h3>
        General API limit{' '}
        <span className="muted small-text">
          (
          {counters?.general.enabled === false
            ? 'off (--api-limit 0)'
            : `${counters?.general.limit ?? 600} requests a minute per IP; @fastify/rate-limit, in-memory store`}
          )
        </span>
      </h3>
      <CounterRows rows={(counters?.general.counters ?? []).slice(0, 6)} empty="No requests counted in this minute." />
    </section>
  );
}
