import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { electronNativeBinding, runningNativeStamp } from '../../src/main/native';
import {
  electronNativeFiles,
  formatNativeStamp,
  nativeRebuildReason,
  parseNativeStamp,
  type NativeStamp,
} from '../../src/main/native-binding';
import { app, resetFakeElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const wanted: NativeStamp = { electron: '45.5.0', betterSqlite3: '12.11.1', platform: 'linux', arch: 'x64' };

describe('electronNativeFiles', () => {
  it('keeps the Electron build outside node_modules', () => {
    expect(electronNativeFiles('/repo')).toEqual({
      dir: join('/repo', '.electron-native'),
      binding: join('/repo', '.electron-native', 'better_sqlite3.node'),
      stamp: join('/repo', '.electron-native', 'stamp.json'),
    });
  });
});

describe('nativeRebuildReason', () => {
  const stampText = formatNativeStamp(wanted);

  it('is null when the binary exists and the stamp matches', () => {
    expect(nativeRebuildReason({ bindingExists: true, stampText }, wanted)).toBeNull();
  });

  it('asks for a build when the binary is missing, even with a stamp', () => {
    expect(nativeRebuildReason({ bindingExists: false, stampText }, wanted)).toMatch(/no Electron build/);
  });

  it.each([null, '', 'not json', '[]', '{"electron":"45.5.0"}', JSON.stringify({ ...wanted, arch: 7 })])(
    'asks for a build when the stamp is %j',
    (text) => {
      expect(nativeRebuildReason({ bindingExists: true, stampText: text }, wanted)).toMatch(/no valid stamp/);
    },
  );

  it('asks for a build after an Electron upgrade and says what changed', () => {
    const old = formatNativeStamp({ ...wanted, electron: '44.1.0' });
    expect(nativeRebuildReason({ bindingExists: true, stampText: old }, wanted)).toBe(
      'built for electron 44.1.0; need electron 45.5.0',
    );
  });

  it('asks for a build after a better-sqlite3 upgrade or on another platform', () => {
    expect(
      nativeRebuildReason(
        { bindingExists: true, stampText: formatNativeStamp({ ...wanted, betterSqlite3: '12.0.0' }) },
        wanted,
      ),
    ).toMatch(/betterSqlite3 12\.0\.0/);
    expect(
      nativeRebuildReason({ bindingExists: true, stampText: formatNativeStamp({ ...wanted, arch: 'arm64' }) }, wanted),
    ).toMatch(/arch arm64.*need arch x64/);
  });

  it('round-trips the stamp format', () => {
    expect(parseNativeStamp(stampText)).toEqual(wanted);
  });
});

describe('electronNativeBinding (main process)', () => {
  beforeEach(() => {
    resetFakeElectron();
    app.appPath = mkdtempSync(join(tmpdir(), 'auth-lab-native-'));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  function writeBuild(stamp: NativeStamp): string {
    const files = electronNativeFiles(app.appPath);
    mkdirSync(files.dir, { recursive: true });
    writeFileSync(files.binding, 'binary');
    writeFileSync(files.stamp, formatNativeStamp(stamp));
    return files.binding;
  }

  it('passes the Electron build when it was made for the running Electron', () => {
    const binding = writeBuild(wanted);
    expect(electronNativeBinding(wanted)).toBe(binding);
    expect(console.warn).not.toHaveBeenCalled();
  });

  it('falls back to the default binary, with a hint, when the build is stale or missing', () => {
    expect(electronNativeBinding(wanted)).toBeUndefined();
    writeBuild({ ...wanted, electron: '44.0.0' });
    expect(electronNativeBinding(wanted)).toBeUndefined();
    expect(console.warn).toHaveBeenLastCalledWith(expect.stringMatching(/built for electron 44\.0\.0.*npm start/));
  });

  it('leaves packaged apps to their own rebuilt binary', () => {
    writeBuild(wanted);
    app.isPackaged = true;
    expect(electronNativeBinding(wanted)).toBeUndefined();
  });

  it('reads the better-sqlite3 version from the installed package', () => {
    expect(runningNativeStamp()).toMatchObject({
      betterSqlite3: expect.stringMatching(/^12\./),
      platform: process.platform,
      arch: process.arch,
    });
  });
});
