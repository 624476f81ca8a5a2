// better-sqlite3 is a native module with one build per ABI: node_modules holds
// the plain-Node build (npm test, npm run serve); `npm start` keeps a second,
// Electron build in .electron-native/ with a stamp saying what it was built for.
// Shared by src/main/native.ts and scripts/start.mjs; no Electron import here.
import { dirname, join } from 'node:path';

export interface NativeStamp {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}

export interface NativeBindingFiles {
  dir: string;
  binding: string;
  stamp: string;
}

export function electronNativeFiles(projectRoot: string): NativeBindingFiles {
  const dir = join(projectRoot, '.electron-native');
  return { dir, binding: join(dir, 'better_sqlite3.node'), stamp: join(dir, 'stamp.json') };
}

export function parseNativeStamp(text: string | null): NativeStamp | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { electron, betterSqlite3, platform, arch } = value as Record<string, unknown>;
    const fields = [electron, betterSqlite3, platform, arch];
    if (!fields.every((field) => typeof field === 'string' && field !== '')) return null;
    return { electron, betterSqlite3, platform, arch } as NativeStamp;
  } catch {
    return null;
  }
}

export function formatNativeStamp(stamp: NativeStamp): string {
  return `${JSON.stringify(stamp, null, 2)}\n`;
}

/**
 * Why the Electron build must be (re)built, or null when the one on disk fits.
 * `found` is what is on disk: whether the binary exists and the stamp file's text (null if missing).
 */
export function nativeRebuildReason(
  found: { bindingExists: boolean; stampText: string | null },
  wanted: NativeStamp,
): string | null {
  if (!found.bindingExists) return 'no Electron build of better-sqlite3 yet';
  const stamp = parseNativeStamp(found.stampText);
  if (stamp === null) return 'the build has no valid stamp';
  const stale = (Object.keys(wanted) as (keyof NativeStamp)[]).filter((key) => stamp[key] !== wanted[key]);
  if (stale.length === 0) return null;
  return `built for ${stale.map((key) => `${key} ${stamp[key]}`).join(', ')}; need ${stale.map((key) => `${key} ${wanted[key]}`).join(', ')}`;
}

/**
 * Where npm's own bundled node-gyp may be, best first: npm sets npm_config_node_gyp
 * for the scripts it runs; otherwise look beside npm-cli.js and the node executable.
 */
export function nodeGypCandidates(env: NodeJS.ProcessEnv, execPath: string): string[] {
  const script = join('node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const nodeDir = dirname(execPath);
  return [
    env.npm_config_node_gyp,
    env.npm_execpath ? join(dirname(env.npm_execpath), '..', script) : undefined,
    join(nodeDir, '..', 'lib', 'node_modules', 'npm', script), // Unix installs
    join(nodeDir, 'node_modules', 'npm', script), // Windows installs
  ].filter((candidate): candidate is string => Boolean(candidate));
}
