import { defineConfig } from 'vitest/config';

// Unit tests live beside the code (shared/**, server/**, client/**); integration and browser
// tests live under test/. Media and browser tests start real processes, so they get long timeouts.
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Type tests (*.test-d.ts) are checked by the compiler, not run: the media signalling's types.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
