import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The lab server as one built file for browser mode (`npm run serve`), so it
// starts under plain Node with nothing to transpile. As in an SSR build, the
// packages in node_modules stay external and load from there at run time
// (better-sqlite3 is native).
export default defineConfig({
  build: {
    ssr: resolve(import.meta.dirname, 'src/server/cli.ts'),
    outDir: resolve(import.meta.dirname, 'out/server'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: { output: { format: 'es', entryFileNames: 'cli.mjs' } },
  },
});
