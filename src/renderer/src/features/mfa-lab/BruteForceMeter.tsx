import { useStore } from '../../store';
import { formatSeconds } from './mfa-attacks';

/** The brute force's live attempt counter, rate and expected time to success at that rate. */
export function BruteForceMeter() {
  const progress = useStore((s) => s.bruteProgress);
  if (!progress) return null;
  return (
    <p className="small-text" data-testid="brute-force-progress" aria-live="polite">
      Brute force, live: attempts <strong data-testid="brute-force-attempts">{progress.attempts}</strong> · rate{' '}
      {progress.perSecond.toFixed(0)}/s · last guess <code>{progress.last}</code> · expected time to success at this
      rate: <strong>{formatSeconds(progress.expectedSeconds)}</strong>
    </p>
  );
}
