// The Electron shell in a real window. Runs wherever an Electron binary exists
// (node_modules/electron/dist after a successful download, or ELECTRON_OVERRIDE_DIST_PATH).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { electronBinary } from '../../src/main/electron-binary';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The Electron executable if there is one, else why not. Never `require('electron')`: that starts a download. */
function findElectronBinary(): { path: string | null; reason: string } {
  const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string };
  const { executable } = electronBinary(electronDir);
  if (existsSync(executable)) return { path: executable, reason: '' };
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return { path: null, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${executable} does not exist` };
  }
  return {
    path: null,
    reason:
      `electron@${version} downloads its binary on first launch (npm start) and it is not here (${executable}); ` +
      `without internet beyond the npm registry, set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron ${version}`,
  };
}

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
