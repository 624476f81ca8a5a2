import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DESKTOP_LIMITS, type DesktopChannel } from '../../src/common/desktop-api';
import { registerIpcHandlers } from '../../src/main/ipc';
import { BrowserWindow, dialog, ipcMain, resetFakeElectron, shell } from './fake-electron';
import { labOrigins } from './lab-origins';

vi.mock('electron', () => import('./fake-electron'));

/** Invokes a registered handler the way ipcMain would, as a frame at `frameUrl`. */
function invokeFrom(frameUrl: string | null, channel: DesktopChannel, ...args: unknown[]): Promise<unknown> {
  const handler = ipcMain.handlers.get(channel) as ((event: unknown, ...args: unknown[]) => unknown) | undefined;
  if (!handler) throw new Error(`no handler for ${channel}`);
  const window = new BrowserWindow({});
  const event = { sender: window.webContents, senderFrame: frameUrl === null ? null : { url: frameUrl } };
  return Promise.resolve().then(() => handler(event, ...args));
}

const appPage = `${labOrigins.app}/drills`;

beforeEach(() => {
  resetFakeElectron();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  registerIpcHandlers(labOrigins);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('IPC channels', () => {
  it('registers exactly the closed set of channels', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(['app.info', 'file.save', 'shell.openExternal']);
  });

  it.each([
    ['the idp', 'http://127.0.0.1:5124/login'],
    ['the client', 'http://127.0.0.1:5125/'],
    ['the attacker', 'http://localhost:5126/steal'],
    ['a remote page', 'https://evil.test/'],
    ['a file page', 'file:///tmp/x.html'],
    ['a destroyed frame', null],
  ])('refuses every channel when the sender frame is %s', async (_case, frameUrl) => {
    await expect(invokeFrom(frameUrl, 'app.info')).rejects.toThrow(/sender is not the lab app/);
    await expect(invokeFrom(frameUrl, 'shell.openExternal', 'https://example.com/')).rejects.toThrow(
      /sender is not the lab app/,
    );
    await expect(invokeFrom(frameUrl, 'file.save', { defaultName: 'a.txt', content: 'x' })).rejects.toThrow(
      /sender is not the lab app/,
    );
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });
});

describe('app.info', () => {
  it('answers the app page', async () => {
    await expect(invokeFrom(appPage, 'app.info')).resolves.toMatchObject({
      name: 'Auth Lab',
      version: '0.1.0',
      node: process.versions.node,
    });
  });

  it('refuses unexpected arguments', async () => {
    await expect(invokeFrom(appPage, 'app.info', 'extra')).rejects.toThrow(/expected 0 argument/);
  });
});

describe('shell.openExternal', () => {
  it('opens an https URL', async () => {
    await expect(
      invokeFrom(appPage, 'shell.openExternal', 'https://www.rfc-editor.org/rfc/rfc7636'),
    ).resolves.toBeUndefined();
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://www.rfc-editor.org/rfc/rfc7636');
  });

  it.each([
    ['a number', [42], /url must be a string/],
    ['an object', [{ href: 'https://example.com/' }], /url must be a string/],
    ['no argument', [], /expected 1 argument/],
    ['two arguments', ['https://a.test/', 'https://b.test/'], /expected 1 argument/],
    ['an over-long URL', [`https://example.com/${'a'.repeat(DESKTOP_LIMITS.maxUrlLength)}`], /longer than/],
    ['http', ['http://example.com/'], /only https/],
    ['file', ['file:///etc/passwd'], /only https/],
    ['javascript', ['javascript:alert(1)'], /only https/],
    ['a custom scheme', ['ms-msdt:/id PCWDiagnostic'], /only https/],
  ])('refuses %s', async (_case, args, message) => {
    await expect(invokeFrom(appPage, 'shell.openExternal', ...args)).rejects.toThrow(message);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('file.save', () => {
  it('writes the content where the user chose and returns only the file name', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'auth-lab-save-')), 'progress.json');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    await expect(
      invokeFrom(appPage, 'file.save', { defaultName: 'drill-progress.json', content: '{"done":3}' }),
    ).resolves.toEqual({
      saved: true,
      fileName: 'progress.json',
    });
    expect(readFileSync(target, 'utf8')).toBe('{"done":3}');
    const options = dialog.showSaveDialog.mock.calls[0]!.at(-1) as { defaultPath: string };
    expect(options.defaultPath.endsWith('drill-progress.json')).toBe(true);
  });

  it('reports a cancelled dialog', async () => {
    await expect(invokeFrom(appPage, 'file.save', { defaultName: 'a.txt', content: '' })).resolves.toEqual({
      saved: false,
    });
  });

  it.each([
    ['a string instead of an object', ['a.txt'], /expected \{ defaultName, content \}/],
    ['null', [null], /expected \{ defaultName, content \}/],
    ['positional arguments', ['a.txt', 'content'], /expected 1 argument/],
    ['a non-string name', [{ defaultName: 7, content: 'x' }], /defaultName must be a string/],
    [
      'non-string content',
      [{ defaultName: 'a.txt', content: { toString: (): string => 'x' } }],
      /content must be a string/,
    ],
    ['a path instead of a name', [{ defaultName: '../../.bashrc', content: 'x' }], /plain file name/],
    ['a Windows path', [{ defaultName: 'C:\\Users\\me\\a.txt', content: 'x' }], /plain file name/],
    ['a control character in the name', [{ defaultName: 'a\u0000.txt', content: 'x' }], /plain file name/],
    ['an empty name', [{ defaultName: '  ', content: 'x' }], /plain file name/],
    ['an over-long name', [{ defaultName: `${'a'.repeat(300)}.txt`, content: 'x' }], /longer than/],
    [
      'content over 5 MB',
      [{ defaultName: 'a.txt', content: 'x'.repeat(DESKTOP_LIMITS.maxFileBytes + 1) }],
      /longer than/,
    ],
    [
      'content over 5 MB once UTF-8 encoded',
      [{ defaultName: 'a.txt', content: 'é'.repeat(DESKTOP_LIMITS.maxFileBytes / 2 + 1) }],
      /larger than/,
    ],
  ])('refuses %s', async (_case, args, message) => {
    await expect(invokeFrom(appPage, 'file.save', ...args)).rejects.toThrow(message);
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('accepts content of exactly 5 MB', async () => {
    const content = 'x'.repeat(DESKTOP_LIMITS.maxFileBytes);
    await expect(invokeFrom(appPage, 'file.save', { defaultName: 'big.txt', content })).resolves.toEqual({
      saved: false,
    });
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(1);
  });
});
