import { Suspense, useEffect } from 'react';
import { focusMainHeading } from './components/focusMainHeading';
import { Header } from './components/Header';
import { NotBuiltPage } from './components/NotBuiltPage';
import { Sidebar } from './components/Sidebar';
import { ToggleBanner } from './components/ToggleBanner';
import { TrafficDrawer } from './components/TrafficDrawer';
import { useFocusLabStep } from './components/useFocusLabStep';
import { PAGES } from './features/pages';
import { useStore } from './store';

export function App() {
  const route = useStore((s) => s.route);
  const theme = useStore((s) => s.theme);
  const loadError = useStore((s) => s.loadError);
  const meta = useStore((s) => s.meta);
  useFocusLabStep();

  useEffect(() => {
    const { loadLab, connectTraffic, syncRouteFromHash } = useStore.getState();
    void loadLab();
    const stopTraffic = connectTraffic();
    window.addEventListener('hashchange', syncRouteFromHash);
    return () => {
      stopTraffic();
      window.removeEventListener('hashchange', syncRouteFromHash);
    };
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  // A declared page without a component yet says so instead of showing another page.
  const Page = PAGES[route] ?? NotBuiltPage;
  return (
    <div className="layout">
      {/* The first tab stop: past the header and sidebar, straight to the page. Not a hash link (the hash is the route). */}
      <a
        className="skip-link"
        href="#main-content"
        onClick={(event) => {
          event.preventDefault();
          focusMainHeading();
        }}
      >
        Skip to content
      </a>
      <Header />
      <ToggleBanner />
      <Sidebar />
      <main className="main" id="main-content" tabIndex={-1}>
        {loadError && (
          <div className="error" role="alert">
            Could not reach the lab server: {loadError}{' '}
            <button type="button" onClick={() => void useStore.getState().loadLab()}>
              Retry
            </button>
          </div>
        )}
        {meta ? (
          // Keyed by route: the previous page unmounts instead of staying hidden in the DOM while the next one loads.
          <Suspense key={route} fallback={<p className="muted">Loading…</p>}>
            <Page />
          </Suspense>
        ) : (
          !loadError && <p className="muted">Connecting to the lab server…</p>
        )}
      </main>
      <TrafficDrawer />
    </div>
  );
}
