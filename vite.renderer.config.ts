import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer build, shared by electron-vite (desktop) and by `npm run serve`
// (browser mode), which builds only this part.
const root = resolve(import.meta.dirname, 'src/renderer');

export default defineConfig({
  root,
  base: './',
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    rollupOptions: { input: { index: resolve(root, 'index.html') } },
  },
  server: {
    // `npm run dev`: the renderer talks to a lab started by `npm run serve -- --port 4010`.
    proxy: { '/api': 'http://127.0.0.1:4010', '/.well-known': 'http://127.0.0.1:4010' },
  },
  plugins: [react()],
});
