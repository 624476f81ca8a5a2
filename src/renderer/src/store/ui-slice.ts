import type { StateCreator } from 'zustand';
import { isLabId, type LabId } from '../../../common/labs';
import type { Store } from './index';

export type Theme = 'light' | 'dark';

export interface UiSlice {
  route: LabId;
  theme: Theme;
  navigate: (route: LabId) => void;
  syncRouteFromHash: () => void;
  toggleTheme: () => void;
}

const THEME_KEY = 'authlab.theme';

function routeFromHash(): LabId {
  const id = window.location.hash.replace(/^#\/?/, '').split(/[/#?]/)[0] ?? '';
  return isLabId(id) ? id : 'overview';
}

function initialTheme(): Theme {
  const saved = window.localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Which lab is open (kept in the URL hash, so links and reloads land on it) and the theme. */
export const createUiSlice: StateCreator<Store, [], [], UiSlice> = (set, get) => ({
  route: routeFromHash(),
  theme: initialTheme(),
  navigate: (route) => {
    window.location.hash = `/${route}`;
    set({ route });
  },
  syncRouteFromHash: () => set({ route: routeFromHash() }),
  toggleTheme: () => {
    // Only the theme is persisted; tokens and lab state never are.
    const theme = get().theme === 'dark' ? 'light' : 'dark';
    window.localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
});
