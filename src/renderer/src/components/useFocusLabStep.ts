import { useEffect } from 'react';
import { useStore } from '../store';

const LOOK_FOR_MS = 3000;

/**
 * Deep links such as `#/session-lab/fixation` (from a drill card's "Show me")
 * land on the right part of a lab: the element marked `data-lab-step="fixation"`
 * is scrolled into view and highlighted for a moment. The page may still be
 * loading (first visit, data fetches), so the element is looked for briefly.
 */
export function useFocusLabStep(): void {
  const route = useStore((s) => s.route);
  const step = useStore((s) => s.routeStep);
  const loaded = useStore((s) => s.meta !== null);
  useEffect(() => {
    if (!step || !loaded) return;
    const started = Date.now();
    let timer = 0;
    const look = () => {
      const target = document.querySelector<HTMLElement>(`[data-lab-step~="${CSS.escape(step)}"]`);
      if (target) {
        target.scrollIntoView({ block: 'start' });
        target.classList.add('step-highlight');
        timer = window.setTimeout(() => target.classList.remove('step-highlight'), 2500);
      } else if (Date.now() - started < LOOK_FOR_MS) {
        timer = window.setTimeout(look, 50);
      }
    };
    look();
    return () => window.clearTimeout(timer);
  }, [route, step, loaded]);
}
