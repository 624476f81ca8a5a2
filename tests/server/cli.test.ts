import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDataDir } from './helpers';

const root = join(import.meta.dirname, '..', '..');

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server/cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, AUTHLAB_BCRYPT_COST: '4' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function waitFor(predicate: () => boolean, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Each test starts the CLI under tsx (one or two real processes): on a loaded 2-core machine a
// start takes many seconds, so these get more time than the suite's default; nothing here is a timing check.
describe('npm run serve (cli)', { timeout: 90_000 }, () => {
  it('prints exactly one ready line, serves, and shuts down cleanly on SIGTERM', async () => {
    const run = runCli(['--port', '0', '--data-dir', freshDataDir()]);
    await waitFor(() => /Auth Lab ready: /.test(run.output().stdout));
    const lines = run
      .output()
      .stdout.split('\n')
      .filter((l) => /^Auth Lab ready: http:\/\/[^:]+:\d+$/.test(l));
    expect(lines).toHaveLength(1);
    const url = lines[0]!.replace('Auth Lab ready: ', '');
    expect((await fetch(url + '/api/health')).status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be 0 or a port/],
    [['--nonsense'], /Unknown option/],
    [['--api-limit', 'lots'], /--api-limit must be a whole number/],
    [['--trust-proxy', 'my-proxy'], /--trust-proxy takes IP addresses or CIDR ranges/],
  ])('refuses %j with a clear message and exit code 2', async (args, message) => {
    const run = runCli(args);
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toMatch(message);
  });

  it('a data dir whose vault.key cannot open its database: a clear message, no stack trace, exit code 2', async () => {
    const dataDir = freshDataDir();
    const first = runCli(['--port', '0', '--data-dir', dataDir]);
    await waitFor(() => /Auth Lab ready: /.test(first.output().stdout));
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    writeFileSync(join(dataDir, 'vault.key'), 'not a key\n');
    const run = runCli(['--port', '0', '--data-dir', dataDir]);
    expect(await run.exited).toBe(2);
    const { stderr } = run.output();
    expect(stderr).toMatch(/^Auth Lab: vault\.key in .* is not a 256-bit key/);
    expect(stderr).toMatch(/README "Troubleshooting"/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
