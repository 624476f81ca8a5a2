import { formatDuration, useLabNow } from '../../components/useLabNow';

/** Time left until an ISO instant on the lab clock; follows fast-forwards. */
export function Countdown({ until, label, testId }: { until: string | null; label: string; testId: string }) {
  const now = useLabNow();
  if (!until) {
    return (
      <span data-testid={testId} className="muted">
        {label}: not enforced
      </span>
    );
  }
  const left = Date.parse(until) - now;
  return (
    <span data-testid={testId} className={left <= 0 ? 'status-4xx' : undefined}>
      {label}: {left <= 0 ? 'expired' : formatDuration(left)}
    </span>
  );
}
