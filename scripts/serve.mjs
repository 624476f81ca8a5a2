// `npm run serve`: browser mode. Builds the renderer and the server when
// they are missing or older than their sources, then runs the built server
// (out/server/cli.mjs) under plain Node: nothing is transpiled at start-up.
// `--build-only` stops after the builds (used by the e2e tests).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builds = [
  {
    name: 'renderer',
    config: 'vite.renderer.config.ts',
    output: join(root, 'out', 'renderer', 'index.html'),
    sources: ['src/renderer', 'src/common', 'vite.renderer.config.ts'],
  },
  {
    name: 'server',
    config: 'vite.server.config.ts',
    output: join(root, 'out', 'server', 'cli.mjs'),
    // Dependencies are bundled in, so an npm install rebuilds it too.
    sources: ['src/server', 'src/common', 'vite.server.config.ts', 'package-lock.json'],
  },
];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function isStale({ output, sources }) {
  if (!existsSync(output)) return true;
  const builtAt = statSync(output).mtimeMs;
  return sources
    .map((source) => join(root, source))
    .some((source) => existsSync(source) && newestMtime(source) > builtAt);
}

const args = process.argv.slice(2);
const buildOnly = args.includes('--build-only');

for (const build of builds.filter(isStale)) {
  console.error(`Auth Lab: building the ${build.name} (first run or sources changed)…`);
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', build.config, '--logLevel', 'warn'], {
    cwd: root,
    // Always a production build, even when started from a test runner that sets
    // NODE_ENV=test (which would bundle React's development build, twice the size).
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    console.error(`Auth Lab: the ${build.name} build failed (see above).`);
    process.exit(result.status ?? 1);
  }
}
if (buildOnly) process.exit(0);

const [, serverBuild] = builds;
// An explicit old-space size makes V8 size its heap for it instead of for a
// share of the machine's memory: under load the lab then peaks ~80 MB lower
// (measured with npm run bench), with ample room over its ~50 MB live heap.
//
// The server gets a process group of its own (POSIX), so a signal to ours
// (Ctrl-C, a closed terminal) reaches it once, from us, and never twice:
// a second SIGINT would kill it in the middle of closing the lab.
const server = spawn(process.execPath, ['--max-old-space-size=512', serverBuild.output, ...args], {
  cwd: root,
  stdio: 'inherit',
  detached: process.platform !== 'win32',
});

// Stop the server with us, never leave it running on its own. The server
// shuts down cleanly on SIGINT/SIGTERM; SIGHUP (terminal closed) becomes SIGTERM.
let stopping = false;
function stopServer(signal) {
  if (stopping || server.exitCode !== null || server.signalCode !== null) return;
  stopping = true;
  server.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
  // A server that does not stop within 10 s is killed outright.
  setTimeout(() => server.kill('SIGKILL'), 10_000).unref();
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopServer(signal));
// `npm run serve` runs this script through `sh -c`: killing npm's pid kills npm
// and the shell, and no signal reaches this process. Being re-parented is the
// sign that whoever started us is gone, so stop then too.
const startedBy = process.ppid;
setInterval(() => {
  if (process.ppid !== startedBy) stopServer('SIGTERM');
}, 500).unref();
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
