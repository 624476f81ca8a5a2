import type { StateCreator } from 'zustand';
import { isLabId, labSteps, type LabId } from '../../../common/labs';
import type { Store } from './index';

export type Theme = 'light' | 'dark';

export interface UiSlice {
  route: LabId;
  /** The lab step after the lab id (`#/jwt-lab/refresh`), so a lab can open at the right step. */
  routeStep: string | null;
  theme: Theme;
  navigate: (route: LabId, step?: string) => void;
  syncRouteFromHash: () => void;
  toggleTheme: () => void;
}

const THEME_KEY = 'authlab.theme';

function routeFromHash(): { route: LabId; routeStep: string | null } {
  const [id = '', step] = window.location.hash.replace(/^#\/?/, '').split(/[#?]/)[0]!.split('/');
  if (!isLabId(id)) return { route: 'overview', routeStep: null };
  // Only a canonical step of that lab is kept; anything else opens the lab at its start.
  return { route: id, routeStep: step && labSteps(id).includes(step) ? step : null };
}

function initialTheme(): Theme {
  const saved = window.localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Which lab is open (kept in the URL hash, so links and reloads land on it) and the theme. */
export const createUiSlice: StateCreator<Store, [], [], UiSlice> = (set, get) => ({
  ...routeFromHash(),
  theme: initialTheme(),
  navigate: (route, step) => {
    window.location.hash = step ? `/${route}/${step}` : `/${route}`;
    set({ route, routeStep: step ?? null });
  },
  syncRouteFromHash: () => set(routeFromHash()),
  toggleTheme: () => {
    // Only the theme is persisted; tokens and lab state never are.
    const theme = get().theme === 'dark' ? 'light' : 'dark';
    window.localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
});
