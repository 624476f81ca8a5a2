const LOOK_FOR_MS = 1000;

/**
 * Moves keyboard focus into the page content: its main heading (h1), or `<main>` itself while the page
 * is still rendering. Used after sidebar navigation and by the "Skip to content" link, so keyboard and
 * screen-reader users land where the new content starts instead of staying in the sidebar.
 */
export function focusMainHeading(): void {
  const started = Date.now();
  const look = () => {
    const main = document.getElementById('main-content');
    const target = main?.querySelector<HTMLElement>('h1') ?? null;
    if (target) {
      // Not in the tab order; focusable from script only.
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus();
    } else if (Date.now() - started < LOOK_FOR_MS) {
      window.requestAnimationFrame(look);
    } else {
      main?.focus();
    }
  };
  // Let the new page render first.
  window.requestAnimationFrame(look);
}
