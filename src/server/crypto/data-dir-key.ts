import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One secret of this data dir, in its own file beside lab.sqlite and never in
 * it: a copy of the database alone then opens nothing (OWASP Cryptographic
 * Storage Cheat Sheet, "store keys apart from the data they protect"). The
 * file is made 0600 on first start; `make` gives its first value.
 * Returns the value and whether this call created the file.
 */
export function loadDataDirKey(dataDir: string, name: string, make: () => string): { value: string; created: boolean } {
  const file = join(dataDir, name);
  try {
    return { value: readFileSync(file, 'utf8').trim(), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const value = make();
  try {
    // 'wx': when two processes start on one data dir at once, the first file wins and both use it.
    writeFileSync(file, `${value}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return { value: readFileSync(file, 'utf8').trim(), created: false };
    throw error;
  }
  return { value, created: true };
}
