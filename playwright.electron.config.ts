import { defineConfig } from '@playwright/test';
import { findElectronBinary } from './tests/electron/binary';

// The list reporter does not print skip reasons, so say it here, where CI logs show it.
const binary = findElectronBinary();
if (binary.path === null) console.log(`Electron window tests will be skipped: ${binary.reason}`);

// Real-window tests for the Electron shell: `npx playwright test -c playwright.electron.config.ts`.
// They need an Electron binary; without one they report themselves as skipped and say why.
// The browser e2e suite (playwright.config.ts, tests/e2e) is separate.
export default defineConfig({
  testDir: 'tests/electron',
  outputDir: 'test-results/electron',
  workers: 1, // one Electron app at a time: each launch starts its own lab servers
  timeout: 60_000,
  reporter: [['list']],
});
