import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { focusMainHeading } from './components/focusMainHeading';
import { Header } from './components/Header';
import { Sidebar } from './components/Sidebar';
import { ToggleBanner } from './components/ToggleBanner';
import { TrafficDrawer } from './components/TrafficDrawer';
import { useFocusLabStep } from './components/useFocusLabStep';
import { OverviewPage } from './features/overview/OverviewPage';
import { useStore } from './store';
import type { LabId } from '../../common/labs';

/** Each page but the landing one is its own chunk, fetched on first visit, so the first load stays small. */
const lazyPage = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => load().then((module) => ({ default: module[name] })));

const PAGES: Partial<Record<LabId, ComponentType>> = {
  overview: OverviewPage,
  accounts: lazyPage(() => import('./features/accounts/AccountsPage'), 'AccountsPage'),
  defences: lazyPage(() => import('./features/defences/DefencesPage'), 'DefencesPage'),
  drills: lazyPage(() => import('./features/drills/DrillsPage'), 'DrillsPage'),
  'session-lab': lazyPage(() => import('./features/session-lab/SessionLabPage'), 'SessionLabPage'),
  'jwt-lab': lazyPage(() => import('./features/jwt-lab/JwtLabPage'), 'JwtLabPage'),
  inspector: lazyPage(() => import('./features/inspector/InspectorPage'), 'InspectorPage'),
  'mfa-lab': lazyPage(() => import('./features/mfa-lab/MfaLabPage'), 'MfaLabPage'),
  'oauth-lab': lazyPage(() => import('./features/oauth-lab/OAuthLabPage'), 'OAuthLabPage'),
  'password-lab': lazyPage(() => import('./features/password-lab/PasswordLabPage'), 'PasswordLabPage'),
  'ratelimit-lab': lazyPage(() => import('./features/ratelimit-lab/RateLimitLabPage'), 'RateLimitLabPage'),
};

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

  const Page = PAGES[route] ?? OverviewPage;
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
