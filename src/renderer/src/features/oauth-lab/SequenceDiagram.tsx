import type { FlowParty, FlowStep } from '../../../../common/schemas/oauth';

const PARTIES: FlowParty[] = ['Browser', 'Your App', 'Lab ID', 'Lab API'];
const COLUMN = 170;
const ROW = 34;
const TOP = 36;

/** Browser / Your App / Lab ID / Lab API lifelines with one arrow per recorded exchange of the run, and a loop per local step. */
export function SequenceDiagram({ steps }: { steps: FlowStep[] }) {
  const x = (party: FlowParty) => 80 + PARTIES.indexOf(party) * COLUMN;
  const height = TOP + steps.length * ROW + 28;
  // Room on the right for a loop label on the last lifelines.
  const width = 80 + (PARTIES.length - 1) * COLUMN + 120;
  return (
    // A scrollable frame takes the keyboard focus, so it can be scrolled without a mouse.
    <div className="oauth-sequence-frame" tabIndex={0} role="region" aria-label="Sequence diagram of the run">
      <svg
        className="oauth-sequence"
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Sequence diagram: ${steps.map((s) => `${s.from} to ${s.to}: ${s.title}`).join('; ')}`}
      >
        <defs>
          <marker id="oauth-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill="currentColor" />
          </marker>
        </defs>
        {PARTIES.map((party) => (
          <g key={party}>
            <text x={x(party)} y={16} textAnchor="middle" className="oauth-party">
              {party}
            </text>
            <line x1={x(party)} x2={x(party)} y1={24} y2={height - 6} className="oauth-lifeline" />
          </g>
        ))}
        {steps.map((step, index) => {
          const y = TOP + index * ROW + 14;
          const from = x(step.from);
          const to = x(step.to);
          // A step inside one party is drawn as a loop and says it sent nothing over the network.
          const label = `${index + 1}. ${step.title}${step.channel === 'local' ? ' (not a network call)' : ''}`;
          if (from === to) {
            return (
              <g key={step.id} className={`oauth-msg ${step.channel}`}>
                <path
                  d={`M${from},${y - 8} h26 v14 h-24`}
                  fill="none"
                  stroke="currentColor"
                  markerEnd="url(#oauth-arrow)"
                />
                <text x={from + 32} y={y + 2} className="oauth-label">
                  {label}
                </text>
              </g>
            );
          }
          return (
            <g key={step.id} className={`oauth-msg ${step.channel}`}>
              <line x1={from} x2={to} y1={y} y2={y} stroke="currentColor" markerEnd="url(#oauth-arrow)" />
              <text x={(from + to) / 2} y={y - 5} textAnchor="middle" className="oauth-label">
                {label}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
