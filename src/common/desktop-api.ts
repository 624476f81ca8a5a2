// The desktop bridge: what the Electron preload exposes to the renderer as
// `window.authLab`, and the IPC channels behind it. Declared here by hand (not
// as `typeof api` in the preload) so the renderer can import the types without
// pulling in Electron's Node.js typings. The preload `satisfies` this interface.

export interface AppInfo {
  name: string;
  version: string;
  electron: string;
  chrome: string;
  node: string;
  platform: string;
}

export interface SaveFileRequest {
  /** A bare file name such as `drill-progress.json`; the user picks the folder. */
  defaultName: string;
  content: string;
}

export type SaveFileResult = { saved: true; fileName: string } | { saved: false };

export interface AuthLabApi {
  appInfo(): Promise<AppInfo>;
  /** Opens an https: link in the system browser; rejects for any other URL. */
  openExternal(url: string): Promise<void>;
  saveFile(defaultName: string, content: string): Promise<SaveFileResult>;
}

/** Every IPC channel, with the arguments the renderer sends and what main answers. */
export interface DesktopChannels {
  'app.info': { args: []; result: AppInfo };
  'shell.openExternal': { args: [url: string]; result: void };
  'file.save': { args: [request: SaveFileRequest]; result: SaveFileResult };
}

/** A closed union of dotted names: a typo in a channel name does not compile. */
export type DesktopChannel = keyof DesktopChannels;

export const DESKTOP_LIMITS = {
  maxUrlLength: 2048,
  maxFileNameLength: 255,
  maxFileBytes: 5 * 1024 * 1024,
} as const;
