// A small hand-written stand-in for the 'electron' module, so src/main can be
// unit-tested under plain Node. Each test file does:
//   vi.mock('electron', () => import('./fake-electron'));
// It records what main does (window options, handlers) so tests can drive it.
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';

type Handler = (...args: never[]) => unknown;

export interface FakeEvent {
  url: string;
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(url = ''): FakeEvent {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string; overrideBrowserWindowOptions?: any }) | null =
    null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static getAllWindows = (): FakeBrowserWindow[] => [...FakeBrowserWindow.instances];
  static fromWebContents = (contents: unknown): FakeBrowserWindow | null =>
    FakeBrowserWindow.instances.find((window) => window.webContents === contents) ?? null;

  readonly webContents = new FakeWebContents();
  minimized = false;
  maximized = false;
  readonly loadURL = vi.fn(async (_url: string) => undefined);
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly show = vi.fn();
  readonly maximize = vi.fn(() => {
    this.maximized = true;
  });

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }

  isMinimized = (): boolean => this.minimized;
  isMaximized = (): boolean => this.maximized;
  isDestroyed = (): boolean => false;
  getNormalBounds = () => ({
    x: Number(this.options.x ?? 0),
    y: Number(this.options.y ?? 0),
    width: Number(this.options.width),
    height: Number(this.options.height),
  });
}

class FakeApp extends EventEmitter {
  userDataDir = join(tmpdir(), 'auth-lab-fake-user-data');
  appPath = join(tmpdir(), 'auth-lab-fake-app');
  isPackaged = false;
  ready: Promise<void> = Promise.resolve();
  readonly requestSingleInstanceLock = vi.fn(() => true);
  readonly enableSandbox = vi.fn();
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly whenReady = vi.fn(() => this.ready);
  readonly getPath = vi.fn((name: string) => (name === 'userData' ? this.userDataDir : join(this.userDataDir, name)));
  readonly getAppPath = vi.fn(() => this.appPath);
  readonly getName = vi.fn(() => 'Auth Lab');
  readonly getVersion = vi.fn(() => '0.1.0');
}

export const app = new FakeApp();
export const BrowserWindow = FakeBrowserWindow;

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle: vi.fn((channel: string, handler: Handler) => {
    if (ipcMain.handlers.has(channel)) throw new Error(`second handler for ${channel}`); // as real ipcMain does
    ipcMain.handlers.set(channel, handler);
  }),
};

export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };

export const session = {
  defaultSession: {
    requestHandler: null as Handler | null,
    checkHandler: null as Handler | null,
    setPermissionRequestHandler: vi.fn((handler: Handler) => {
      session.defaultSession.requestHandler = handler;
    }),
    setPermissionCheckHandler: vi.fn((handler: Handler) => {
      session.defaultSession.checkHandler = handler;
    }),
  },
};

export const dialog = {
  showSaveDialog: vi.fn(async (..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> => ({
    canceled: true,
  })),
  showErrorBox: vi.fn(),
};

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
  setApplicationMenu: vi.fn(),
};

export const screen = {
  getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]),
};

/** Forget every window, handler and call between tests. */
export function resetFakeElectron(): void {
  FakeBrowserWindow.instances = [];
  ipcMain.handlers.clear();
  session.defaultSession.requestHandler = null;
  session.defaultSession.checkHandler = null;
  app.removeAllListeners();
  app.isPackaged = false;
  app.ready = Promise.resolve();
  vi.clearAllMocks();
}

export default { app, BrowserWindow, ipcMain, shell, session, dialog, Menu, screen };
