// Where the Electron executable lives, by the same rule as electron's own
// index.js, but without its side effect: requiring 'electron' from Node starts a
// download when the binary is missing. Used by scripts/start.mjs and tests/electron.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ElectronBinary {
  /** The folder holding the unpacked Electron (node_modules/electron/dist or ELECTRON_OVERRIDE_DIST_PATH). */
  distDir: string;
  executable: string;
}

export function platformExecutable(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return platform === 'win32' ? 'electron.exe' : 'electron';
}

/** `electronDir` is node_modules/electron; its path.txt, written after a download, names the executable. */
export function electronBinary(
  electronDir: string,
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): ElectronBinary {
  const pathTxt = join(electronDir, 'path.txt');
  const relative = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : platformExecutable(platform);
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
  return { distDir, executable: join(distDir, relative) };
}

/** The Electron version that binary reports in its dist folder, which may differ from the npm package's. */
export function binaryElectronVersion(binary: ElectronBinary, packageVersion: string): string {
  try {
    return readFileSync(join(binary.distDir, 'version'), 'utf8').trim().replace(/^v/, '');
  } catch {
    return packageVersion;
  }
}
