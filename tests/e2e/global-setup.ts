import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts `npm run serve` (the real browser-mode entry point) on free ports and
 * a fresh data dir, waits for the ready line, and hands the URL to the tests.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = join(import.meta.dirname, '..', '..');
  const dataDir = mkdtempSync(join(tmpdir(), 'authlab-e2e-'));
  const server = spawn(process.execPath, [join(root, 'scripts/serve.mjs'), '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, AUTHLAB_BCRYPT_COST: '4' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`lab did not start in 90 s:\n${out}`)), 90_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Auth Lab ready: (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    server.on('exit', (code) => reject(new Error(`lab exited with ${code} before it was ready:\n${out}`)));
  });
  process.env.AUTHLAB_E2E_URL = url;
  return async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('exit', resolve));
  };
}
