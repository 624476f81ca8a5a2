import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createLabWindow } from '../../src/main/window';
import { denyAllPermissions } from '../../src/main/guards';
import { buildAppMenu } from '../../src/main/menu';
import {
  BrowserWindow,
  fakeEvent,
  FakeWebContents,
  Menu,
  resetFakeElectron,
  session,
  shell,
  type FakeBrowserWindow,
} from './fake-electron';
import { labOrigins } from './lab-origins';

vi.mock('electron', () => import('./fake-electron'));

function openWindow(stateJson?: string): { window: FakeBrowserWindow; stateFile: string } {
  const stateFile = join(mkdtempSync(join(tmpdir(), 'auth-lab-window-')), 'window-state.json');
  if (stateJson !== undefined) writeFileSync(stateFile, stateJson);
  createLabWindow(labOrigins, stateFile);
  const window = BrowserWindow.instances.at(-1);
  if (!window) throw new Error('no window was created');
  return { window, stateFile };
}

beforeEach(() => resetFakeElectron());

describe('the lab window', () => {
  it('uses the secure web preferences and the CommonJS preload', () => {
    const { window } = openWindow();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('allowRunningInsecureContent');
    expect(prefs).not.toHaveProperty('nodeIntegrationInSubFrames');
    expect(prefs).not.toHaveProperty('experimentalFeatures');
    expect(String(prefs.preload)).toMatch(/[/\\]preload[/\\]index\.cjs$/);
  });

  it('opens exactly one window, on the app origin', () => {
    const { window } = openWindow();
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(window.loadURL).toHaveBeenCalledExactlyOnceWith(labOrigins.app);
  });

  it.each(['will-navigate', 'will-redirect'])('%s: keeps the window on the lab origins', (eventName) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { window } = openWindow();
    for (const url of [
      'http://127.0.0.1:5124/authorize',
      'http://localhost:5126/csrf',
      'http://127.0.0.1:5123/api/docs',
    ]) {
      const event = fakeEvent(url);
      window.webContents.emit(eventName, event);
      expect(event.defaultPrevented, url).toBe(false);
    }
    for (const url of [
      'https://evil.test/',
      'http://127.0.0.1:5123.evil.test/',
      'file:///etc/passwd',
      'http://127.0.0.1:9999/',
    ]) {
      const event = fakeEvent(url);
      window.webContents.emit(eventName, event);
      expect(event.defaultPrevented, url).toBe(true);
    }
    expect(warn).toHaveBeenCalledTimes(4);
    warn.mockRestore();
  });

  it('lets only the attacker site open a hardened window, with guarded navigation', () => {
    const { window } = openWindow();
    const decision = window.webContents.windowOpenHandler!({ url: `${labOrigins.attacker}/session/csrf?x=1` });
    expect(decision.action).toBe('allow');
    expect(decision.overrideBrowserWindowOptions.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(decision.overrideBrowserWindowOptions.webPreferences.preload).toBeUndefined();

    const child = new FakeWebContents();
    window.webContents.emit('did-create-window', { webContents: child });
    const away = fakeEvent('https://evil.example/');
    child.emit('will-navigate', away);
    expect(away.defaultPrevented).toBe(true);
    expect(child.windowOpenHandler!({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('denies every other new window and sends only https links to the system browser', () => {
    const { window } = openWindow();
    const openHandler = window.webContents.windowOpenHandler;
    expect(openHandler).not.toBeNull();
    expect(openHandler!({ url: 'https://datatracker.ietf.org/doc/html/rfc6749' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://datatracker.ietf.org/doc/html/rfc6749');

    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', labOrigins.idp]) {
      expect(openHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('restores the saved bounds and saves them again on close', () => {
    const { window, stateFile } = openWindow(
      JSON.stringify({ x: 50, y: 60, width: 1000, height: 700, maximized: true }),
    );
    expect(window.options).toMatchObject({ x: 50, y: 60, width: 1000, height: 700, show: false });
    expect(window.maximize).toHaveBeenCalled();
    window.emit('close');
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({
      x: 50,
      y: 60,
      width: 1000,
      height: 700,
      maximized: true,
    });
  });

  it('ignores a corrupt state file', () => {
    const { window } = openWindow('{"width": "huge"');
    expect(window.options).toMatchObject({ width: 1280, height: 820 });
    expect(window.options).not.toHaveProperty('x');
    expect(window.maximize).not.toHaveBeenCalled();
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    denyAllPermissions(session.defaultSession as never);
    const { requestHandler, checkHandler } = session.defaultSession;
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
    ]) {
      const callback = vi.fn();
      (requestHandler as (...args: unknown[]) => void)({}, permission, callback, { requestingUrl: labOrigins.app });
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect((checkHandler as (...args: unknown[]) => boolean)({}, permission, labOrigins.app, {})).toBe(false);
    }
  });
});

describe('the application menu', () => {
  it('has Reload, Toggle DevTools and Quit, and Help opens the API docs in the lab window', () => {
    const { window } = openWindow();
    buildAppMenu(() => window as never, labOrigins);
    const template = vi.mocked(Menu.buildFromTemplate).mock.calls[0]![0] as {
      label?: string;
      role?: string;
      submenu?: { role?: string; label?: string; click?: () => void }[];
    }[];
    const file = template.find((menu) => menu.label === 'File');
    expect(file?.submenu?.map((item) => item.role).filter(Boolean)).toEqual(['reload', 'toggleDevTools', 'quit']);
    const docs = template.find((menu) => menu.label === 'Help')?.submenu?.find((item) => item.label === 'API Docs');
    window.loadURL.mockClear();
    docs?.click?.();
    expect(window.loadURL).toHaveBeenCalledExactlyOnceWith('http://127.0.0.1:5123/api/docs');
  });
});
