import { useEffect, useState } from 'react';
import { useStore } from '../store';

/**
 * The lab clock as the server sees it, ticking once a second. The renderer
 * applies the server's offset to its own clock instead of polling.
 */
export function useLabNow(): number {
  const offsetMs = useStore((s) => s.meta?.clock.offsetMs ?? 0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now + offsetMs;
}

/** The one duration format of the app (also used by the inspector's checks). */
export { formatDuration } from '../../../common/jwt-inspect/claims';
