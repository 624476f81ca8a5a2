// Chooses the better-sqlite3 binary for this Electron process (see native-binding.ts).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { app } from 'electron';
import { electronNativeFiles, nativeRebuildReason, type NativeStamp } from './native-binding';

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function runningNativeStamp(): NativeStamp {
  const betterSqlite3 = createRequire(import.meta.url)('better-sqlite3/package.json') as { version: string };
  return {
    electron: process.versions.electron,
    betterSqlite3: betterSqlite3.version,
    platform: process.platform,
    arch: process.arch,
  };
}

/**
 * The path to pass as better-sqlite3's `nativeBinding`, or undefined to use the
 * default binary (packaged apps, whose native modules are rebuilt when packaging).
 */
export function electronNativeBinding(running: NativeStamp = runningNativeStamp()): string | undefined {
  if (app.isPackaged) return undefined;
  const files = electronNativeFiles(app.getAppPath());
  const reason = nativeRebuildReason(
    { bindingExists: existsSync(files.binding), stampText: readText(files.stamp) },
    running,
  );
  if (reason === null) return files.binding;
  console.warn(
    `[auth-lab] not using ${files.binding}: ${reason}. Start the app with \`npm start\`, which rebuilds it.`,
  );
  return undefined;
}
