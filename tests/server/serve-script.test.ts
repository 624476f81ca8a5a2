import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDataDir } from './helpers';

// scripts/serve.mjs starts the lab server as a child process. Killing what the
// learner started (`npm run serve`, or serve.mjs itself) must stop that child
// too and free the port, never leave it running as an orphan.
const root = join(import.meta.dirname, '..', '..');
// The first run may build the renderer before the ready line.
const READY_MS = 150_000;

/** Every live process below `pid` (ps works the same on Linux and macOS). */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of rows) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(predicate: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const refused = (url: string) =>
  fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) }).then(
    () => false,
    () => true,
  );

function start(command: string, args: string[]) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, AUTHLAB_BCRYPT_COST: '4' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.resume();
  return { child, stdout: () => stdout };
}

async function readyUrl(run: ReturnType<typeof start>): Promise<string> {
  await waitFor(() => /Auth Lab ready: \S+/.test(run.stdout()), READY_MS, 'the ready line');
  return /Auth Lab ready: (\S+)/.exec(run.stdout())![1]!;
}

// Whatever a failing test left running is killed, so a failure never leaves orphans either.
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

describe('scripts/serve.mjs stops the server it started', () => {
  it(
    'kill <pid of npm run serve> stops serve.mjs and the server, and the port closes',
    async () => {
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const run = start(npm, ['run', 'serve', '--', '--port', '0', '--data-dir', freshDataDir()]);
      const url = await readyUrl(run);
      expect(await refused(url)).toBe(false);
      const below = descendants(run.child.pid!);
      started.push(run.child.pid!, ...below);
      expect(below.length).toBeGreaterThanOrEqual(2); // serve.mjs and the server (and maybe a shell)

      process.kill(run.child.pid!, 'SIGTERM');
      await waitFor(() => below.every((pid) => !alive(pid)), 15_000, 'every child to exit');
      expect(await refused(url)).toBe(true);
    },
    READY_MS + 30_000,
  );

  it(
    'SIGHUP to serve.mjs (terminal closed) stops the server too',
    async () => {
      const run = start(process.execPath, [
        join(root, 'scripts/serve.mjs'),
        '--port',
        '0',
        '--data-dir',
        freshDataDir(),
      ]);
      const url = await readyUrl(run);
      const below = descendants(run.child.pid!);
      started.push(run.child.pid!, ...below);
      expect(below.length).toBeGreaterThanOrEqual(1);
      const exited = new Promise((resolve) => run.child.on('exit', resolve));
      run.child.kill('SIGHUP');
      await exited;
      await waitFor(() => below.every((pid) => !alive(pid)), 15_000, 'the server to exit');
      expect(await refused(url)).toBe(true);
    },
    READY_MS + 30_000,
  );

  it.skipIf(process.platform === 'win32')(
    'Ctrl-C (SIGINT to the whole process group) stops the server once, cleanly',
    async () => {
      // detached: serve.mjs leads its own process group, as a shell's foreground job does.
      const child = spawn(
        process.execPath,
        [join(root, 'scripts/serve.mjs'), '--port', '0', '--data-dir', freshDataDir()],
        {
          cwd: root,
          env: { ...process.env, AUTHLAB_BCRYPT_COST: '4' },
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        },
      );
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.resume();
      const run = { child, stdout: () => stdout };
      const url = await readyUrl(run);
      const below = descendants(child.pid!);
      started.push(child.pid!, ...below);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      process.kill(-child.pid!, 'SIGINT');
      // One SIGINT reaches the server, which closes the lab and exits 0; a second one would kill it mid-close.
      expect(await exited).toBe(0);
      expect(stdout).toContain('Auth Lab stopping (SIGINT)');
      await waitFor(() => below.every((pid) => !alive(pid)), 15_000, 'the server to exit');
      expect(await refused(url)).toBe(true);
    },
    READY_MS + 30_000,
  );
});
