// `npm run serve`: browser mode. Builds the renderer when it is missing or
// older than its sources, then runs the lab server under plain Node (tsx).
// `--build-only` stops after the build (used by the e2e tests).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = join(root, 'out', 'renderer', 'index.html');
const sources = [join(root, 'src', 'renderer'), join(root, 'src', 'common'), join(root, 'vite.renderer.config.ts')];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function rendererIsStale() {
  if (!existsSync(builtIndex)) return true;
  const builtAt = statSync(builtIndex).mtimeMs;
  return sources.some((source) => existsSync(source) && newestMtime(source) > builtAt);
}

const args = process.argv.slice(2);
const buildOnly = args.includes('--build-only');

if (rendererIsStale()) {
  console.error('Auth Lab: building the renderer (first run or sources changed)…');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status !== 0) {
    console.error('Auth Lab: the renderer build failed (see above).');
    process.exit(result.status ?? 1);
  }
}
if (buildOnly) process.exit(0);

// The server gets a process group of its own (POSIX), so a signal to ours
// (Ctrl-C, a closed terminal) reaches it once, from us, and never twice:
// a second SIGINT would kill it in the middle of closing the lab.
const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'server', 'cli.ts'), ...args], {
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
