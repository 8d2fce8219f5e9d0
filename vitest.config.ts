import { defineConfig } from 'vitest/config';

// Unit tests live beside the code (shared/**, server/**, client/**); integration and browser
// tests live under test/. Media and browser tests start real processes, so they get long timeouts.
//
// Two groups, one after the other. First everything that only needs its share of a core, two
// files at a time. Then the real-time files, one at a time on the whole machine: Chromium
// decoding video, the live program's x264 encode, recorders and stills waiting for key frames.
// They assert latencies and frame rates, and on two cores a neighbour of the same weight made them
// miss their bounds (seen in CI: the live watch page fell to 2.2 s of play in 6 s and 28.6 s of
// latency, and a still's grab ran out, when run beside recording and browser files). Running them
// alone does not loosen a bound: it gives them the machine the bounds are stated for.
const REAL_TIME = ['test/browser/**/*.test.ts', 'test/live/**/*.test.ts', 'test/recording/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...REAL_TIME],
          sequence: { groupOrder: 0 },
          // Type tests (*.test-d.ts) are checked by the compiler, not run: the media signalling's types.
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'real-time',
          include: REAL_TIME,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
