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

export function formatDuration(ms: number): string {
  const totalMinutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const parts = [days && `${days} d`, hours && `${hours} h`, minutes && `${minutes} min`].filter(Boolean);
  return parts.length ? parts.join(' ') : `${Math.floor(Math.abs(ms) / 1000)} s`;
}
