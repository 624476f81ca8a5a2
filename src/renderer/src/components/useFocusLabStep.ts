import { useEffect } from 'react';
import { useStore } from '../store';

/**
 * Deep links such as `#/session-lab/fixation` (from a drill card's "Show me")
 * land on the right part of a lab: the element marked `data-lab-step="fixation"`
 * is scrolled into view and highlighted for a moment.
 */
export function useFocusLabStep(): void {
  const route = useStore((s) => s.route);
  const step = useStore((s) => s.routeStep);
  useEffect(() => {
    if (!step) return;
    // Wait a frame so the page for the new route has rendered.
    const frame = window.requestAnimationFrame(() => {
      const target = document.querySelector<HTMLElement>(`[data-lab-step~="${CSS.escape(step)}"]`);
      if (!target) return;
      target.scrollIntoView({ block: 'start', behavior: 'smooth' });
      target.classList.add('step-highlight');
      window.setTimeout(() => target.classList.remove('step-highlight'), 2500);
    });
    return () => window.cancelAnimationFrame(frame);
  }, [route, step]);
}
