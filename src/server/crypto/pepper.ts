import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SettingsRepository } from '../db/settings';
import { randomToken } from './random';

export const PEPPER_FILE = 'pepper.key';
const LEGACY_SETTING = 'passwords.pepper';

const readPepper = (file: string) => readFileSync(file, 'utf8').trim();

/**
 * The pepper of the password pre-hash: 256 random bits per data dir, kept in
 * its own file beside the database, never in it. A leaked copy of lab.sqlite
 * then holds bcrypt hashes nobody can test a guess against (OWASP Password
 * Storage Cheat Sheet, "peppering": store the pepper apart from the hashes).
 */
export function loadPepper(dataDir: string, settings: SettingsRepository): string {
  const file = join(dataDir, PEPPER_FILE);
  try {
    return readPepper(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Labs made before the pepper moved kept it in the settings table: carry it over so their hashes still verify.
  const legacy = settings.get<string>(LEGACY_SETTING);
  const pepper = legacy ?? randomToken(32);
  try {
    // 'wx': when two processes start on one data dir at once, the first file wins and both use it.
    writeFileSync(file, `${pepper}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readPepper(file);
    throw error;
  }
  if (legacy !== undefined) settings.delete(LEGACY_SETTING);
  return pepper;
}
