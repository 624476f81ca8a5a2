// The one lab window: secure web preferences, navigation guards, remembered bounds.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, screen, type WebPreferences } from 'electron';
import type { LabOrigins } from '../common/api';
import { guardNavigation } from './guards';
import { loadWindowState, MIN_WINDOW_SIZE, saveWindowState } from './window-state';

/** out/preload/index.cjs, next to this bundle's out/main/index.js. */
const preloadPath = join(dirname(fileURLToPath(import.meta.url)), '../preload/index.cjs');

export function secureWebPreferences(): WebPreferences {
  return {
    preload: preloadPath,
    // Checklist "Enable context isolation": the page cannot reach the preload's scope or Electron internals.
    contextIsolation: true,
    // Checklist "Enable process sandboxing": the renderer runs in Chromium's OS sandbox.
    sandbox: true,
    // Checklist "Do not enable Node.js integration for remote content": no `require` or `process` in the page.
    nodeIntegration: false,
    // Checklist "Do not disable webSecurity": the same-origin policy and CORS stay on; the labs depend on them.
    webSecurity: true,
    // Checklist "Verify WebView options before creation": no <webview> can be created at all.
    webviewTag: false,
  };
}

export function createLabWindow(origins: LabOrigins, stateFile: string): BrowserWindow {
  const state = loadWindowState(
    stateFile,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow({
    title: 'Auth Lab',
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    webPreferences: secureWebPreferences(),
  });
  if (state.maximized) window.maximize();
  guardNavigation(window.webContents, origins);

  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    try {
      saveWindowState(stateFile, window.getNormalBounds(), window.isMaximized());
    } catch (error) {
      console.warn('[auth-lab] could not save the window state:', error);
    }
  });
  // The renderer is served by the lab's app origin, so its cookies are real first-party cookies.
  window
    .loadURL(origins.app)
    .catch((error: unknown) => console.error(`[auth-lab] could not load ${origins.app}:`, error));
  return window;
}
