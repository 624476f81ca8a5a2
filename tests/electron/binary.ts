// Where the Electron executable is, or why there is none. Shared by the
// window tests and their Playwright config (which prints the reason).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { electronBinary } from '../../src/main/electron-binary';

/** The Electron executable if there is one, else why not. Never `require('electron')`: that starts a download. */
export function findElectronBinary(): { path: string | null; reason: string } {
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
