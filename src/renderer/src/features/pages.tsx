import { lazy, type ComponentType } from 'react';
import type { LabId } from '../../../common/labs';
import { OverviewPage } from './overview/OverviewPage';

/** Each page but the landing one is its own chunk, fetched on first visit, so the first load stays small. */
const lazyPage = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => load().then((module) => ({ default: module[name] })));

/**
 * The page of every entry in common/labs (NAVIGATION), by its id: App.tsx
 * shows the one the route names. Typed by that list, so a lab declared
 * without its page here does not compile; null for a page not built yet.
 */
export const PAGES: { [Id in LabId]: ComponentType | null } = {
  overview: OverviewPage,
  accounts: lazyPage(() => import('./accounts/AccountsPage'), 'AccountsPage'),
  defences: lazyPage(() => import('./defences/DefencesPage'), 'DefencesPage'),
  'session-lab': lazyPage(() => import('./session-lab/SessionLabPage'), 'SessionLabPage'),
  'jwt-lab': lazyPage(() => import('./jwt-lab/JwtLabPage'), 'JwtLabPage'),
  inspector: lazyPage(() => import('./inspector/InspectorPage'), 'InspectorPage'),
  'oauth-lab': lazyPage(() => import('./oauth-lab/OAuthLabPage'), 'OAuthLabPage'),
  'mfa-lab': lazyPage(() => import('./mfa-lab/MfaLabPage'), 'MfaLabPage'),
  'password-lab': lazyPage(() => import('./password-lab/PasswordLabPage'), 'PasswordLabPage'),
  'ratelimit-lab': lazyPage(() => import('./ratelimit-lab/RateLimitLabPage'), 'RateLimitLabPage'),
  attacks: lazyPage(() => import('./attacks/AttacksPage'), 'AttacksPage'),
  instructor: null,
  drills: lazyPage(() => import('./drills/DrillsPage'), 'DrillsPage'),
};
