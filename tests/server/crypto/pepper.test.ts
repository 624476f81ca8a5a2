import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
