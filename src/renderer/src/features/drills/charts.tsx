/** Small hand-rolled SVG charts, coloured by the theme's CSS variables. */

export interface Bar {
  label: string;
  value: number;
  /** A part of `value` drawn in the warning colour (e.g. "again" ratings). */
  part?: number;
}

export function BarChart({ bars, title, unit }: { bars: Bar[]; title: string; unit: string }) {
  const width = 560;
  const height = 140;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = width / Math.max(1, bars.length);
  const barWidth = Math.max(2, slot - 3);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label={title}>
        <line x1={0} x2={width} y1={height} y2={height} className="axis" />
        {bars.map((bar, i) => {
          const h = (bar.value / max) * (height - 10);
          const ph = ((bar.part ?? 0) / max) * (height - 10);
          return (
            <g key={bar.label}>
              <title>
                {bar.label}: {bar.value} {unit}
                {bar.part ? ` (${bar.part} again)` : ''}
              </title>
              <rect x={i * slot} y={height - h} width={barWidth} height={h} className="bar" />
              {ph > 0 && <rect x={i * slot} y={height - ph} width={barWidth} height={ph} className="bar part" />}
            </g>
          );
        })}
        <text x={0} y={height + 14} className="tick">
          {bars[0]?.label}
        </text>
        <text x={width} y={height + 14} textAnchor="end" className="tick">
          {bars.at(-1)?.label}
        </text>
        <text x={2} y={10} className="tick">
          max {max}
        </text>
      </svg>
    </figure>
  );
}

/** One horizontal meter per row (0–1), with its label and value: plain HTML, so the text stays readable. */
export function MeterRows({
  rows,
  title,
}: {
  rows: Array<{ label: string; value: number; note: string }>;
  title: string;
}) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <ul className="meters">
        {rows.map((row) => (
          <li key={row.label}>
            <span>{row.label}</span>
            <span
              className="meter"
              role="meter"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(row.value * 100)}
              aria-label={row.label}
            >
              <span style={{ width: `${Math.round(row.value * 100)}%` }} />
            </span>
            <span className="muted small-text">{row.note}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
