import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LabProcess {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Starts `npm run serve`'s script (the real browser-mode entry point) on free
 * ports and a fresh data dir, and waits for its ready line.
 */
export async function startLab({ bcryptCost }: { bcryptCost: number }): Promise<LabProcess> {
  const root = join(import.meta.dirname, '..', '..');
  const dataDir = mkdtempSync(join(tmpdir(), 'authlab-e2e-'));
  const server: ChildProcess = spawn(
    process.execPath,
    [join(root, 'scripts/serve.mjs'), '--port', '0', '--data-dir', dataDir],
    {
      cwd: root,
      env: { ...process.env, AUTHLAB_BCRYPT_COST: String(bcryptCost) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
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
  return {
    url,
    stop: async () => {
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    },
  };
}
