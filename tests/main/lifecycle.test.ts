import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runAuthLab } from '../../src/main/lifecycle';
import { startLab, type RunningLab } from '../../src/server/start';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  resetFakeElectron,
  session,
  type FakeBrowserWindow,
} from './fake-electron';
import { labOrigins } from './lab-origins';

vi.mock('electron', () => import('./fake-electron'));
vi.mock('../../src/server/start', () => ({ startLab: vi.fn() }));

function fakeLab(): RunningLab & { close: ReturnType<typeof vi.fn> } {
  return {
    origins: labOrigins,
    context: {} as RunningLab['context'],
    labs: {} as RunningLab['labs'],
    close: vi.fn(async () => undefined),
  };
}

async function startedWindow(): Promise<FakeBrowserWindow> {
  await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1));
  return BrowserWindow.instances[0]!;
}

function quitEvent() {
  return {
    defaultPrevented: false,
    preventDefault: vi.fn(function (this: { defaultPrevented: boolean }) {
      this.defaultPrevented = true;
    }),
  };
}

beforeEach(() => {
  resetFakeElectron();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runAuthLab', () => {
  it('on ready: denies permissions, starts the lab on free ports in userData, then opens one window on the app origin', async () => {
    vi.mocked(startLab).mockResolvedValueOnce(fakeLab());
    runAuthLab();
    const window = await startedWindow();

    expect(app.enableSandbox).toHaveBeenCalled();
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(session.defaultSession.setPermissionCheckHandler).toHaveBeenCalled();
    const config = vi.mocked(startLab).mock.calls[0]![0];
    expect(config).toMatchObject({ port: 0, dataDir: `${app.userDataDir}/lab` });
    expect(config.nativeBinding).toBeUndefined(); // no .electron-native build in the fake app path
    expect(window.loadURL).toHaveBeenCalledExactlyOnceWith(labOrigins.app);
    expect([...ipcMain.handlers.keys()]).toHaveLength(3);
    expect(Menu.setApplicationMenu).toHaveBeenCalledOnce();
  });

  it('focuses the existing window when a second instance starts', async () => {
    vi.mocked(startLab).mockResolvedValueOnce(fakeLab());
    runAuthLab();
    const window = await startedWindow();
    window.minimized = true;

    app.emit('second-instance', {}, ['electron', '.'], '/');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('quits at once, without starting a lab, when another instance holds the lock', async () => {
    app.requestSingleInstanceLock.mockReturnValueOnce(false);
    runAuthLab();
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(app.listenerCount('second-instance')).toBe(0);
    await Promise.resolve();
    expect(startLab).not.toHaveBeenCalled();
  });

  it('holds the quit until the lab has closed, then quits', async () => {
    const lab = fakeLab();
    let finishClosing = (): void => undefined;
    lab.close.mockReturnValueOnce(new Promise<void>((resolve) => (finishClosing = resolve)));
    vi.mocked(startLab).mockResolvedValueOnce(lab);
    runAuthLab();
    await startedWindow();

    const first = quitEvent();
    app.emit('before-quit', first);
    expect(first.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(lab.close).toHaveBeenCalledOnce());
    expect(app.quit).not.toHaveBeenCalled();

    finishClosing();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledOnce());
    const second = quitEvent();
    app.emit('before-quit', second); // the quit that follows goes through
    expect(second.defaultPrevented).toBe(false);
    expect(lab.close).toHaveBeenCalledOnce();
  });

  it('quits when the window is closed', async () => {
    vi.mocked(startLab).mockResolvedValueOnce(fakeLab());
    runAuthLab();
    const window = await startedWindow();
    window.emit('closed');
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledOnce();
  });

  it('shows an error and exits non-zero when the lab cannot start', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.mocked(startLab).mockRejectedValueOnce(new Error('The module was compiled against a different Node.js version'));
    runAuthLab();
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(1));
    expect(dialog.showErrorBox).toHaveBeenCalledWith(
      'Auth Lab could not start',
      expect.stringContaining('different Node.js version'),
    );
    expect(BrowserWindow.instances).toHaveLength(0);
  });
});
