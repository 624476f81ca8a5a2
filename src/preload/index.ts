// The bridge between the lab page and Electron main. Runs sandboxed, so it is
// bundled to one CommonJS file that requires nothing but 'electron'.
import { contextBridge, ipcRenderer } from 'electron';
import type { AuthLabApi as AuthLabApiContract, DesktopChannel, DesktopChannels } from '../common/desktop-api';

function invoke<C extends DesktopChannel>(
  channel: C,
  ...args: DesktopChannels[C]['args']
): Promise<DesktopChannels[C]['result']> {
  return ipcRenderer.invoke(channel, ...args) as Promise<DesktopChannels[C]['result']>;
}

// Checklist "Do not expose Electron APIs to untrusted web content": the page gets
// three named functions, never ipcRenderer itself; main validates every call anyway.
const api = {
  appInfo: () => invoke('app.info'),
  openExternal: (url: string) => invoke('shell.openExternal', url),
  saveFile: (defaultName: string, content: string) => invoke('file.save', { defaultName, content }),
} satisfies AuthLabApiContract;

contextBridge.exposeInMainWorld('authLab', api);

export type AuthLabApi = typeof api;
