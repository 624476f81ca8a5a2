import { useStore } from '../store';
import { formatDuration, useLabNow } from './useLabNow';

const STEPS = [
  { label: '+1 min', ms: 60_000 },
  { label: '+15 min', ms: 15 * 60_000 },
  { label: '+1 h', ms: 3_600_000 },
  { label: '+1 day', ms: 86_400_000 },
];

/** The lab clock: everything that expires on the server follows it. */
export function ClockControl() {
  const now = useLabNow();
  const offsetMs = useStore((s) => s.meta?.clock.offsetMs ?? 0);
  const advanceClock = useStore((s) => s.advanceClock);
  const resetClock = useStore((s) => s.resetClock);
  const busy = useStore((s) => s.busy);
  return (
    <div className="clock" role="group" aria-label="Lab clock">
      <span className="muted">Lab clock</span>
      <span className="clock-time" data-testid="lab-clock" title="Time on the lab clock">
        {new Date(now).toLocaleString()}
      </span>
      {offsetMs > 0 && (
        <span className="chip warn" data-testid="clock-offset">
          +{formatDuration(offsetMs)}
        </span>
      )}
      {STEPS.map((step) => (
        <button
          key={step.ms}
          type="button"
          className="small"
          disabled={busy}
          onClick={() => void advanceClock(step.ms)}
        >
          {step.label}
        </button>
      ))}
      <button type="button" className="small" disabled={busy || offsetMs === 0} onClick={() => void resetClock()}>
        Real time
      </button>
    </div>
  );
}
