import { median, quantile, type TimingSamples } from './enumeration-probes';

const WIDTH = 600;
const HEIGHT = 200;
const PAD = { left: 36, right: 12, top: 12, bottom: 34 };
const BINS = 30;
/** Fewer tries than this per side, and one stall decides the median. */
const MIN_TRIES = 5;
const SERIES = [
  { key: 'existing', label: 'existing account', color: '#c0392b' },
  { key: 'unknown', label: 'unknown email', color: '#2471a3' },
] as const;

/** Counts per bin of width `max / BINS`, from 0 ms. */
function binned(values: number[], max: number): number[] {
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values) counts[Math.min(BINS - 1, Math.floor((v / max) * BINS))]!++;
  return counts;
}

/**
 * Response times of failed logins as a histogram (plain SVG): one colour per
 * kind of email, from 0 ms so that "answered at once" looks like it, with a
 * dashed line at each median.
 */
export function EnumerationHistogram({ samples }: { samples: TimingSamples }) {
  const all = [...samples.existing, ...samples.unknown];
  if (all.length === 0) return null;
  const max = Math.max(...all) * 1.05;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const series = SERIES.map((s) => ({ ...s, counts: binned(samples[s.key], max), median: median(samples[s.key]) }));
  const tallest = Math.max(1, ...series.flatMap((s) => s.counts));
  const x = (ms: number) => PAD.left + (ms / max) * plotW;
  const binW = plotW / BINS;
  const label = series
    .map((s) => `${s.label}: median ${s.median.toFixed(1)} ms over ${samples[s.key].length} tries`)
    .join('; ');
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      style={{ maxWidth: WIDTH }}
      role="img"
      aria-label={`Response time histogram. ${label}.`}
      data-testid="enumeration-histogram"
    >
      <line x1={PAD.left} y1={PAD.top + plotH} x2={PAD.left + plotW} y2={PAD.top + plotH} stroke="currentColor" />
      <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={PAD.top + plotH} stroke="currentColor" />
      {[0, 0.25, 0.5, 0.75, 1].map((f) => (
        <text key={f} x={x(f * max)} y={HEIGHT - 18} fontSize="11" textAnchor="middle" fill="currentColor">
          {(f * max).toFixed(f * max < 10 ? 1 : 0)}
        </text>
      ))}
      <text x={PAD.left + plotW / 2} y={HEIGHT - 3} fontSize="11" textAnchor="middle" fill="currentColor">
        response time (ms)
      </text>
      <text x={4} y={PAD.top + 10} fontSize="11" fill="currentColor">
        {tallest}
      </text>
      {series.map((s, si) =>
        s.counts.map((count, bin) =>
          count === 0 ? null : (
            <rect
              key={`${s.key}-${bin}`}
              x={PAD.left + bin * binW + (si * binW) / 2}
              width={binW / 2}
              y={PAD.top + plotH - (count / tallest) * plotH}
              height={(count / tallest) * plotH}
              fill={s.color}
            >
              <title>{`${s.label}: ${count} tries`}</title>
            </rect>
          ),
        ),
      )}
      {series.map((s) => (
        <line
          key={`median-${s.key}`}
          x1={x(s.median)}
          x2={x(s.median)}
          y1={PAD.top}
          y2={PAD.top + plotH}
          stroke={s.color}
          strokeDasharray="4 3"
        />
      ))}
    </svg>
  );
}

/** Medians and spread, in words and numbers, under the chart. */
export function TimingSummary({ samples }: { samples: TimingSamples }) {
  const tries = Math.min(samples.existing.length, samples.unknown.length);
  if (tries === 0) return null;
  const ratio = median(samples.existing) / median(samples.unknown);
  const apart = Math.max(ratio, 1 / ratio);
  return (
    <>
      <ul className="small-text" data-testid="enumeration-timing-summary">
        {SERIES.map((s) => {
          const values = samples[s.key];
          return (
            <li key={s.key}>
              <span style={{ color: s.color }}>■</span> {s.label}: median{' '}
              <strong data-testid={`timing-median-${s.key}`}>{median(values).toFixed(1)} ms</strong>, middle half{' '}
              {quantile(values, 0.25).toFixed(1)}–{quantile(values, 0.75).toFixed(1)} ms, range{' '}
              {Math.min(...values).toFixed(1)}–{Math.max(...values).toFixed(1)} ms ({values.length} tries)
            </li>
          );
        })}
      </ul>
      <p data-testid="enumeration-timing-verdict">
        {tries < MIN_TRIES
          ? `Only ${tries} tries of each so far: too few to say. One slow answer (a busy machine) moves a median this small.`
          : ratio > 3
            ? `An existing account answers ${ratio.toFixed(1)}× slower than an unknown email: the time alone tells them apart.`
            : `The medians are ${apart.toFixed(1)}× apart and the two histograms overlap: the time does not tell them apart.`}
      </p>
    </>
  );
}
