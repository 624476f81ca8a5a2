import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binaryElectronVersion, electronBinary } from '../../src/main/electron-binary';
import { nodeGypCandidates } from '../../src/main/native-binding';

function electronPackage(pathTxt?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'auth-lab-electron-pkg-'));
  if (pathTxt !== undefined) writeFileSync(join(dir, 'path.txt'), pathTxt);
  return dir;
}

describe('electronBinary', () => {
  it('uses dist/ and the executable named in path.txt', () => {
    const dir = electronPackage('Electron.app/Contents/MacOS/Electron');
    expect(electronBinary(dir, {}, 'darwin')).toEqual({
      distDir: join(dir, 'dist'),
      executable: join(dir, 'dist', 'Electron.app/Contents/MacOS/Electron'),
    });
  });

  it('falls back to the platform executable name before the first download wrote path.txt', () => {
    const dir = electronPackage();
    expect(electronBinary(dir, {}, 'linux').executable).toBe(join(dir, 'dist', 'electron'));
    expect(electronBinary(dir, {}, 'win32').executable).toBe(join(dir, 'dist', 'electron.exe'));
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH, like electron/index.js', () => {
    const dir = electronPackage('electron');
    expect(electronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron-45' }, 'linux')).toEqual({
      distDir: '/opt/electron-45',
      executable: join('/opt/electron-45', 'electron'),
    });
  });

  it("reads the binary's own version file, falling back to the package version", () => {
    const dir = electronPackage('electron');
    const binary = electronBinary(dir, {}, 'linux');
    expect(binaryElectronVersion(binary, '45.5.0')).toBe('45.5.0');
    mkdirSync(binary.distDir);
    writeFileSync(join(binary.distDir, 'version'), 'v45.6.1\n');
    expect(binaryElectronVersion(binary, '45.5.0')).toBe('45.6.1');
  });
});

describe('nodeGypCandidates', () => {
  it("prefers npm's node_gyp setting, then the copy beside npm-cli.js, then beside node", () => {
    const candidates = nodeGypCandidates(
      { npm_config_node_gyp: '/npm/node_modules/node-gyp/bin/node-gyp.js', npm_execpath: '/npm/bin/npm-cli.js' },
      '/usr/bin/node',
    );
    expect(candidates).toEqual([
      '/npm/node_modules/node-gyp/bin/node-gyp.js',
      join('/npm/bin', '..', 'node_modules/node-gyp/bin/node-gyp.js'),
      join('/usr/bin', '..', 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
      join('/usr/bin', 'node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    ]);
  });

  it('skips what npm did not set (started with plain `node scripts/start.mjs`)', () => {
    expect(nodeGypCandidates({}, '/usr/bin/node')).toHaveLength(2);
  });
});
