import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadPepper, PEPPER_FILE } from '../../../src/server/crypto/pepper';
import { openDatabase } from '../../../src/server/db/open';
import { SettingsRepository } from '../../../src/server/db/settings';
import { freshDataDir } from '../helpers/harness';

function settingsIn(dir: string) {
  const db = openDatabase(join(dir, 'lab.sqlite'));
  return { db, settings: new SettingsRepository(db) };
}

describe('loadPepper', () => {
  it('makes 256 random bits once per data dir, in a file beside the database', () => {
    const dir = freshDataDir();
    const { db, settings } = settingsIn(dir);
    const first = loadPepper(dir, settings);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(loadPepper(dir, settings)).toBe(first);
    expect(readFileSync(join(dir, PEPPER_FILE), 'utf8').trim()).toBe(first);
    expect(loadPepper(freshDataDir(), settings)).not.toBe(first);
    db.close();
  });

  it('moves a pepper an older lab kept in the settings table out of the database', () => {
    const dir = freshDataDir();
    const { db, settings } = settingsIn(dir);
    settings.set('passwords.pepper', 'the-old-pepper');
    expect(loadPepper(dir, settings)).toBe('the-old-pepper');
    expect(settings.get('passwords.pepper')).toBeUndefined();
    expect(loadPepper(dir, settings)).toBe('the-old-pepper');
    db.close();
  });

  it.skipIf(process.platform === 'win32')('makes a key file others can read 0600 again, with one warning', () => {
    const dir = freshDataDir();
    const { db, settings } = settingsIn(dir);
    const pepper = loadPepper(dir, settings);
    const file = join(dir, PEPPER_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    chmodSync(file, 0o644);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(loadPepper(dir, settings)).toBe(pepper);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(loadPepper(dir, settings)).toBe(pepper);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/readable by other users \(mode 644\).*made it 0600/);
    } finally {
      warn.mockRestore();
      db.close();
    }
  });
});
