// The Electron shell in a real window. Runs wherever an Electron binary exists
// (node_modules/electron/dist after a successful download, or ELECTRON_OVERRIDE_DIST_PATH).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary } from './binary';

const root = fileURLToPath(new URL('../..', import.meta.url));

const binary = findElectronBinary();
test.skip(binary.path === null, `Electron binary not available: ${binary.reason}`);

let app: ElectronApplication;
let page: Page;

test.beforeAll(async () => {
  // Builds the Electron copy of better-sqlite3 (if stale) and the app, without launching it.
  execFileSync(process.execPath, [join(root, 'scripts', 'start.mjs'), '--prepare-only'], {
    cwd: root,
    stdio: 'inherit',
    timeout: 10 * 60_000,
  });
  const isRoot = process.getuid?.() === 0; // Chromium refuses to run as root without --no-sandbox (CI containers)
  app = await electron.launch({
    executablePath: binary.path!,
    // A fresh userData: its own lab database, window state and single-instance lock.
    args: [
      root,
      `--user-data-dir=${mkdtempSync(join(tmpdir(), 'auth-lab-electron-'))}`,
      ...(isRoot ? ['--no-sandbox'] : []),
    ],
    cwd: root,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
});

test('the window opens on the lab app origin', async () => {
  expect(app.windows()).toHaveLength(1);
  const windowUrl = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.getURL());
  expect(new URL(windowUrl).origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(new URL(page.url()).origin).toBe(new URL(windowUrl).origin);
});

test('the window uses the secure web preferences', async () => {
  // getLastWebPreferences() is real but undocumented, so electron.d.ts does not declare it.
  type PreferenceReader = { getLastWebPreferences(): Record<string, unknown> | null };
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as PreferenceReader;
    return { ...contents.getLastWebPreferences() };
  });
  expect(prefs).toMatchObject({
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    webviewTag: false,
  });
  expect(prefs?.allowRunningInsecureContent ?? false).toBe(false);
});

test('the page has no Node.js: no require, no process', async () => {
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
});

test('window.authLab exposes the named functions only, and they answer the app page', async () => {
  const bridge = await page.evaluate(() => {
    const api = (globalThis as { authLab?: Record<string, unknown> }).authLab;
    return api ? Object.fromEntries(Object.entries(api).map(([name, value]) => [name, typeof value])) : null;
  });
  expect(bridge).toEqual({ appInfo: 'function', openExternal: 'function', saveFile: 'function' });
  const info = await page.evaluate(() =>
    (globalThis as unknown as { authLab: { appInfo(): Promise<{ electron: string }> } }).authLab.appInfo(),
  );
  expect(info.electron).toMatch(/^\d+\./);
  await expect(
    page.evaluate(() =>
      (globalThis as unknown as { authLab: { openExternal(url: string): Promise<void> } }).authLab.openExternal(
        'file:///etc/passwd',
      ),
    ),
  ).rejects.toThrow(/only https/);
});
