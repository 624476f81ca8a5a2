import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
    const value = readFileSync(file, 'utf8').trim();
    keepPrivate(file);
    return { value, created: false };
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

/**
 * A key file others on the machine can read (copied, unpacked, made by hand)
 * is made 0600 again, with a warning: the key is only as private as its file.
 * Windows has no such mode bits.
 */
function keepPrivate(file: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  let outcome = 'made it 0600';
  try {
    chmodSync(file, 0o600);
  } catch (error) {
    outcome = `could not make it 0600 (${(error as NodeJS.ErrnoException).code ?? 'error'}): fix it by hand`;
  }
  process.emitWarning(`${file} was readable by other users (mode ${mode.toString(8)}); Auth Lab ${outcome}.`, {
    code: 'AUTHLAB_KEY_FILE_MODE',
  });
}
