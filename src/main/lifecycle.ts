// The app's life: one instance, start the lab, open its window, close the lab before exit.
import { join } from 'node:path';
import { app, dialog, Menu, session, type BrowserWindow } from 'electron';
import { startLab, type RunningLab } from '../server/start';
import { denyAllPermissions } from './guards';
import { registerIpcHandlers } from './ipc';
import { buildAppMenu } from './menu';
import { electronNativeBinding } from './native';
import { createLabWindow } from './window';

function focus(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function startLabForDesktop(): Promise<RunningLab> {
  const appPath = app.getAppPath();
  return startLab({
    dataDir: join(app.getPath('userData'), 'lab'),
    port: 0, // any free loopback port: two lab builds on one machine never collide
    resourcesDir: join(appPath, 'resources'),
    rendererDir: join(appPath, 'out', 'renderer'),
    nativeBinding: electronNativeBinding(),
  });
}

export function runAuthLab(): void {
  // Checklist "Enable process sandboxing": sandbox every renderer, including any created later.
  app.enableSandbox();
  // One lab per user: a second instance would start a second server on the same database.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let labWindow: BrowserWindow | null = null;
  let labStarting: Promise<RunningLab> | null = null;
  let closingLab = false;

  app.on('second-instance', () => focus(labWindow));
  // The lab is the window: when it closes, the servers stop too (on macOS as well).
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (!labStarting || closingLab) return;
    // Hold the quit until the lab has closed its listeners and its database.
    event.preventDefault();
    closingLab = true;
    labStarting
      .then((lab) => lab.close())
      .catch((error: unknown) => console.error('[auth-lab] closing the lab failed:', error))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      denyAllPermissions(session.defaultSession);
      labStarting = startLabForDesktop();
      const { origins } = await labStarting;
      registerIpcHandlers(origins);
      labWindow = createLabWindow(origins, join(app.getPath('userData'), 'window-state.json'));
      labWindow.on('closed', () => {
        labWindow = null;
      });
      Menu.setApplicationMenu(buildAppMenu(() => labWindow, origins));
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error('[auth-lab] could not start:', error);
      dialog.showErrorBox('Auth Lab could not start', message);
      app.exit(1);
    });
}
