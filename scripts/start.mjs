// `npm start`: run Auth Lab in Electron with no manual rebuild step.
//   node scripts/start.mjs [--prepare-only] [electron args…]
// 1. Find the Electron binary (electron@45 downloads it on first launch).
// 2. Make sure .electron-native/better_sqlite3.node is built for this Electron
//    (a stamp file records what it was built for). node_modules/better-sqlite3
//    keeps its plain-Node build for `npm test` and `npm run serve`.
// 3. electron-vite build, then launch Electron on the project.
// --prepare-only does steps 2 and 3 without needing or launching the binary (used by tests/electron).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
// The path and stamp rules live in TypeScript, shared with src/main and unit-tested in tests/main.
const { electronNativeFiles, formatNativeStamp, nativeRebuildReason, nodeGypCandidates } = await tsImport(
  '../src/main/native-binding.ts',
  import.meta.url,
);
const { electronBinary, binaryElectronVersion } = await tsImport('../src/main/electron-binary.ts', import.meta.url);

/** A failure with a message written for the user: printed as is, without a stack trace. */
class StartError extends Error {}

function installedPackage(name) {
  const file = require.resolve(`${name}/package.json`);
  return { dir: dirname(file), version: JSON.parse(readFileSync(file, 'utf8')).version };
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
  if (result.error) return { ok: false, output: result.error.message };
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

// ---- 1. The Electron binary -------------------------------------------------

function ensureElectronBinary(electron) {
  let binary = electronBinary(electron.dir);
  if (existsSync(binary.executable)) return binary;
  let reason = `ELECTRON_OVERRIDE_DIST_PATH is set, but ${binary.executable} does not exist.`;
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    console.log(`Electron ${electron.version} has no binary yet; downloading it (once)…`);
    // Run electron's installer ourselves so that a failure gives one clear message, not its stack trace.
    const download = run(process.execPath, [join(electron.dir, 'install.js')], { timeout: 10 * 60_000 });
    binary = electronBinary(electron.dir);
    if (download.ok && existsSync(binary.executable)) return binary;
    const cause = download.output.trim().split('\n')[0] || 'no output';
    reason =
      `electron@${electron.version} downloads its binary from GitHub on first launch, and that download failed ` +
      `(${cause}).\n  This machine probably has no internet access beyond the npm registry.`;
  }
  throw new StartError(
    `Cannot start Auth Lab: the Electron ${electron.version} binary is not available.\n  ${reason}\n` +
      '  Fix it with one of:\n' +
      '    - run `npm start` once on a network that reaches github.com (or set ELECTRON_MIRROR to a reachable mirror);\n' +
      `    - unpack Electron ${electron.version} for ${process.platform}-${process.arch} and set ELECTRON_OVERRIDE_DIST_PATH to that folder.\n` +
      '  The lab itself needs no Electron: `npm run serve` runs it for a browser.',
  );
}

// ---- 2. better-sqlite3 for Electron's ABI -----------------------------------

function nodeGypRunner() {
  const bundled = nodeGypCandidates(process.env, process.execPath).find((file) => existsSync(file));
  if (bundled) return (args, cwd) => run(process.execPath, [bundled, ...args], { cwd });
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  return (args, cwd) => run(npx, ['--yes', 'node-gyp', ...args], { cwd, shell: process.platform === 'win32' });
}

function buildNativeBinding(wanted, files, log) {
  const sqlite = installedPackage('better-sqlite3');
  const nodeGyp = nodeGypRunner();
  const headersDir = process.env.ELECTRON_HEADERS_DIR;
  const target = [`--target=${wanted.electron}`, `--arch=${wanted.arch}`, '--runtime=electron'];
  target.push(headersDir ? `--nodedir=${headersDir}` : '--dist-url=https://electronjs.org/headers');

  if (!headersDir) {
    const headers = nodeGyp(['install', ...target], root);
    log.push(headers.output);
    if (!headers.ok) {
      const tried = headers.output.split('\n').find((line) => line.includes('http GET')) ?? 'no request was logged';
      throw new StartError(
        `Cannot start Auth Lab: could not download the Electron ${wanted.electron} headers needed to build better-sqlite3.\n` +
          '  node-gyp fetches them from https://electronjs.org/headers, which this machine cannot reach ' +
          '(no internet beyond the npm registry?).\n' +
          '  Fix it with one of:\n' +
          '    - run `npm start` once on a network that reaches electronjs.org (the headers are cached afterwards);\n' +
          `    - get node-v${wanted.electron}-headers.tar.gz from there, unpack it, and set ELECTRON_HEADERS_DIR to that folder.\n` +
          `  Tried: ${tried.replace(/^gyp http /, '')}. The node-gyp log is in ${files.dir}/build.log.`,
      );
    }
  }

  // Build a copy, so node_modules/better-sqlite3/build (the plain-Node build) is never touched.
  const work = mkdtempSync(join(tmpdir(), 'auth-lab-better-sqlite3-'));
  try {
    const nodeBuild = join(sqlite.dir, 'build');
    const filter = (source) => source !== nodeBuild && !source.startsWith(nodeBuild + sep);
    cpSync(sqlite.dir, work, { recursive: true, filter });
    const build = nodeGyp(['rebuild', '--release', ...target], work);
    log.push(build.output);
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    if (!build.ok || !existsSync(built)) {
      const tail = build.output.trimEnd().split('\n').slice(-15).join('\n    ');
      throw new StartError(
        `Cannot start Auth Lab: building better-sqlite3 ${sqlite.version} for Electron ${wanted.electron} failed.\n` +
          `  It needs a C++20 compiler, make and Python (see node-gyp's README). Full log: ${files.dir}/build.log\n    ${tail}`,
      );
    }
    copyFileSync(built, files.binding);
    writeFileSync(files.stamp, formatNativeStamp(wanted));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function ensureNativeBinding(electronVersion) {
  const files = electronNativeFiles(root);
  const betterSqlite3 = installedPackage('better-sqlite3').version;
  const wanted = { electron: electronVersion, betterSqlite3, platform: process.platform, arch: process.arch };
  const stampText = existsSync(files.stamp) ? readFileSync(files.stamp, 'utf8') : null;
  const reason = nativeRebuildReason({ bindingExists: existsSync(files.binding), stampText }, wanted);
  if (reason === null) return;
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (${reason}); this takes about a minute…`);
  mkdirSync(files.dir, { recursive: true });
  const log = [];
  try {
    buildNativeBinding(wanted, files, log);
  } finally {
    writeFileSync(join(files.dir, 'build.log'), log.join('\n'));
  }
}

// ---- 3. Build and launch ----------------------------------------------------

function buildApp() {
  const cli = join(installedPackage('electron-vite').dir, 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new StartError('Cannot start Auth Lab: `electron-vite build` failed (see above).');
}

function launch(executable, args) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // it would make the binary behave as plain Node
  const child = spawn(executable, [root, ...args], { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`\nCannot start Auth Lab: could not run ${executable}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  const args = process.argv.slice(2);
  const prepareOnly = args.includes('--prepare-only');
  const electron = installedPackage('electron');
  // Check the binary first: without one nothing can launch, so fail in a second rather than after a compile.
  const binary = prepareOnly ? electronBinary(electron.dir) : ensureElectronBinary(electron);
  // The ABI must match the binary that runs, which ELECTRON_OVERRIDE_DIST_PATH may have swapped.
  ensureNativeBinding(binaryElectronVersion(binary, electron.version));
  buildApp();
  if (!prepareOnly) launch(binary.executable, args);
} catch (error) {
  if (!(error instanceof StartError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
