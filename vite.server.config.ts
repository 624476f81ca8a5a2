import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The lab server as one built file for browser mode (`npm run serve`): it
// starts under plain Node with nothing to transpile. Its pure-JS dependencies
// are bundled in too, so start-up reads one file instead of resolving and
// loading hundreds of small modules from node_modules. Left outside: the
// native better-sqlite3, bcryptjs (the hashing workers load it by path), and
// @fastify/swagger-ui, which serves its page assets from its own folder.
export default defineConfig({
  ssr: { noExternal: true, external: ['better-sqlite3', 'bcryptjs', '@fastify/swagger-ui'] },
  build: {
    ssr: resolve(import.meta.dirname, 'src/server/cli.ts'),
    outDir: resolve(import.meta.dirname, 'out/server'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'cli.mjs' } },
  },
});
