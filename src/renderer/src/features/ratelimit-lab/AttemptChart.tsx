import type { AttemptResult } from './brute-force';

const WIDTH = 560;
const HEIGHT = 140;
const PAD = 24;

/** Attempts over the run's time, split into "checked by the server" and "refused with 429", as stacked bars. */
export function AttemptChart({ results }: { results: readonly AttemptResult[] }) {
  if (results.length === 0) return null;
  // About 40 bars whatever the run's length, each a whole number of 100 ms.
  const spanMs = results.at(-1)!.atMs + 1;
  const bucketMs = Math.max(100, Math.ceil(spanMs / 40 / 100) * 100);
  const count = Math.max(1, Math.ceil(spanMs / bucketMs));
  const buckets = Array.from({ length: count }, () => ({ checked: 0, refused: 0 }));
  for (const r of results) {
    const bucket = buckets[Math.min(count - 1, Math.floor(r.atMs / bucketMs))]!;
    if (r.outcome === 'refused') bucket.refused += 1;
    else bucket.checked += 1;
  }
  const peak = Math.max(1, ...buckets.map((b) => b.checked + b.refused));
  const barWidth = (WIDTH - 2 * PAD) / count;
  const y = (n: number) => ((HEIGHT - 2 * PAD) * n) / peak;
  const allowed = results.filter((r) => r.outcome !== 'refused').length;
  return (
    <figure className="rl-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Attempts over time: ${allowed} checked by the server, ${results.length - allowed} refused with 429`}
        data-testid="rl-chart"
      >
        <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} className="rl-axis" />
        {buckets.map((b, i) => {
          const x = PAD + i * barWidth + 1;
          const w = Math.max(1, barWidth - 2);
          const hChecked = y(b.checked);
          const hRefused = y(b.refused);
          return (
            <g key={i}>
              <rect x={x} y={HEIGHT - PAD - hChecked} width={w} height={hChecked} className="rl-bar-checked" />
              <rect
                x={x}
                y={HEIGHT - PAD - hChecked - hRefused}
                width={w}
                height={hRefused}
                className="rl-bar-refused"
              />
            </g>
          );
        })}
        <text x={PAD} y={14} className="rl-label">
          {peak} per {bucketMs >= 1000 ? `${bucketMs / 1000} s` : `${bucketMs} ms`}
        </text>
        <text x={WIDTH - PAD} y={HEIGHT - 6} textAnchor="end" className="rl-label">
          {(spanMs / 1000).toFixed(1)} s
        </text>
      </svg>
      <figcaption className="small-text">
        <span className="rl-key rl-bar-checked" /> checked by the server (401 or 200): {allowed}{' '}
        <span className="rl-key rl-bar-refused" /> refused with 429: {results.length - allowed}
      </figcaption>
    </figure>
  );
}
