import { useEffect, useRef, useState } from 'react';
import { answerOf } from '../../api/client';
import { WITHOUT_SESSION, refusalOf } from './password-answers';

const COSTS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
const WIDTH = 560;
const HEIGHT = 260;
const PAD = { left: 60, right: 16, top: 16, bottom: 40 };

interface Point {
  cost: number;
  ms: number;
}

const guessesPerSecond = (ms: number) => {
  const rate = 1000 / Math.max(ms, 0.001);
  return rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString('en');
};

/** bcrypt time against cost, y on a log scale: each step of cost doubles the work, so the points fall on a line. */
function CostChart({ points, configuredCost }: { points: Point[]; configuredCost: number | null }) {
  const maxMs = Math.max(1000, ...points.map((p) => p.ms));
  const top = Math.ceil(Math.log10(maxMs));
  const bottom = Math.min(0, Math.floor(Math.log10(Math.min(...points.map((p) => p.ms), 1))));
  const x = (cost: number) => PAD.left + ((cost - 4) / 10) * (WIDTH - PAD.left - PAD.right);
  const y = (ms: number) =>
    PAD.top + ((top - Math.log10(Math.max(ms, 10 ** bottom))) / (top - bottom)) * (HEIGHT - PAD.top - PAD.bottom);
  const decades = Array.from({ length: top - bottom + 1 }, (_, i) => 10 ** (bottom + i));
  return (
    <svg
      className="pw-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label="bcrypt time per hash against cost, log scale"
      data-testid="cost-chart"
    >
      {decades.map((ms) => (
        <g key={ms}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(ms)} y2={y(ms)} className="pw-grid" />
          <text x={PAD.left - 6} y={y(ms) + 4} textAnchor="end" className="pw-axis">
            {ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}
          </text>
        </g>
      ))}
      {COSTS.map((cost) => (
        <text key={cost} x={x(cost)} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" className="pw-axis">
          {cost}
        </text>
      ))}
      <text x={(WIDTH + PAD.left) / 2} y={HEIGHT - 6} textAnchor="middle" className="pw-axis">
        cost (2^cost rounds)
      </text>
      {configuredCost !== null && (
        <line
          x1={x(configuredCost)}
          x2={x(configuredCost)}
          y1={PAD.top}
          y2={HEIGHT - PAD.bottom}
          className="pw-configured"
        />
      )}
      <polyline className="pw-line" points={points.map((p) => `${x(p.cost)},${y(p.ms)}`).join(' ')} />
      {points.map((p) => (
        <circle key={p.cost} cx={x(p.cost)} cy={y(p.ms)} r={5} className="pw-point" data-testid="cost-point">
          <title>{`cost ${p.cost}: ${p.ms} ms`}</title>
        </circle>
      ))}
    </svg>
  );
}

/** The cost step: bcrypt's time per hash measured live on this machine, one cost at a time. */
export function CostStep() {
  const [points, setPoints] = useState<Point[]>([]);
  const [configuredCost, setConfiguredCost] = useState<number | null>(null);
  const [measuring, setMeasuring] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stopped = useRef(false);
  // Leaving the step stops the run after the hash in progress.
  useEffect(
    () => () => {
      stopped.current = true;
    },
    [],
  );

  const measure = async () => {
    stopped.current = false;
    setPoints([]);
    setError(null);
    for (const cost of COSTS) {
      if (stopped.current) break;
      setMeasuring(cost);
      const res = await answerOf('POST /api/lab/password/cost', { body: { cost }, ...WITHOUT_SESSION });
      if (res.status !== 200) {
        setError(refusalOf(res));
        break;
      }
      setConfiguredCost(res.body.configuredCost);
      setPoints((before) => [...before, { cost, ms: res.body.ms }]);
    }
    setMeasuring(null);
  };

  const last = points.at(-1);
  return (
    <section aria-labelledby="cost-step-title" data-lab-step="cost">
      <h2 id="cost-step-title">bcrypt cost, measured here</h2>
      <p className="lead">
        bcrypt&apos;s cost is a power of two: cost 12 runs 2¹² rounds of its key setup. Each step up doubles the time of
        every login, and of every guess an attacker makes. Pick the highest cost your login can afford (OWASP&apos;s
        Password Storage Cheat Sheet asks for at least 10; this lab uses its configured cost). The server measures one
        hash at a time in its worker pool.
      </p>
      <section className="card" aria-labelledby="cost-chart-title">
        <h3 id="cost-chart-title">Time of one bcrypt hash against cost</h3>
        <div className="button-row">
          <button type="button" disabled={measuring !== null} onClick={() => void measure()}>
            {measuring !== null ? `Measuring cost ${measuring}…` : 'Measure cost 4 to 14'}
          </button>
          {measuring !== null && (
            <button type="button" className="small" onClick={() => (stopped.current = true)}>
              Stop
            </button>
          )}
        </div>
        {measuring !== null && (
          <progress className="progress" max={COSTS.length} value={points.length} aria-label="Measuring progress" />
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <CostChart points={points} configuredCost={configuredCost} />
        {points.length > 0 && (
          <table className="pw-cost-table small-text" data-testid="cost-table">
            <thead>
              <tr>
                <th scope="col">cost</th>
                <th scope="col">ms per hash</th>
                <th scope="col">guesses a second, one core</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.cost} className={p.cost === configuredCost ? 'pw-configured-row' : undefined}>
                  <td>
                    {p.cost}
                    {p.cost === configuredCost ? ' (this lab)' : ''}
                  </td>
                  <td>{p.ms}</td>
                  <td>{guessesPerSecond(p.ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {last && measuring === null && (
          <p className="small-text muted">
            The dashed line is this lab&apos;s cost. A fast SHA-256 takes well under a microsecond: at cost {last.cost}{' '}
            bcrypt is about {Math.round((last.ms * 1000) / 0.5).toLocaleString('en')} times slower per guess.
          </p>
        )}
      </section>
    </section>
  );
}
