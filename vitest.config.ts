import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/server/**/*.test.ts', 'tests/main/**/*.test.ts', 'tests/renderer/**/*.test.ts'],
    // bcrypt at the minimum cost keeps route tests fast; production default is 12.
    env: { AUTHLAB_BCRYPT_COST: '4', AUTHLAB_LOG_LEVEL: 'silent' },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
