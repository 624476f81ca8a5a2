import type { SettingsRepository } from '../db/settings';
import { loadDataDirKey } from './data-dir-key';
import { randomToken } from './random';

export const PEPPER_FILE = 'pepper.key';
const LEGACY_SETTING = 'passwords.pepper';

/**
 * The pepper of the password pre-hash: 256 random bits per data dir, kept in
 * its own file beside the database, never in it. A leaked copy of lab.sqlite
 * then holds bcrypt hashes nobody can test a guess against (OWASP Password
 * Storage Cheat Sheet, "peppering": store the pepper apart from the hashes).
 */
export function loadPepper(dataDir: string, settings: SettingsRepository): string {
  // Labs made before the pepper moved kept it in the settings table: carry it over so their hashes still verify.
  const legacy = settings.get<string>(LEGACY_SETTING);
  const { value, created } = loadDataDirKey(dataDir, PEPPER_FILE, () => legacy ?? randomToken(32));
  // Deleted once the file holds it (also when a start died between the two steps).
  if (legacy !== undefined && (created || value === legacy)) settings.delete(LEGACY_SETTING);
  return value;
}
