import { defineConfig } from 'vitest/config';

// Unit tests live beside the code (shared/**, server/**, client/**); integration and browser
// tests live under test/. Media and browser tests start real processes, so they get long timeouts.
//
// Two groups, one after the other.
//
// First the files that need only their share of a core, two at a time (`maxWorkers: 2` is said
// outright: vitest's own default on a run is one worker fewer than the cores, which on our 2-core
// machines is a single worker, so without it the "parallel" group ran one file at a time).
//
// Then the files that need the machine, one at a time:
// - the real-time files: Chromium decoding video, the live program's x264 encode, recorders and
//   stills waiting for key frames. They assert latencies and frame rates, and on two cores a
//   neighbour of the same weight made them miss their bounds (seen in CI: the live watch page fell
//   to 2.2 s of play in 6 s and 28.6 s of latency, and a still's grab ran out, when run beside
//   recording and browser files);
// - the files that run several servers with real media or a cluster: three nodes with PostgreSQL
//   and Redis, synthetic points sending RTP, SIGKILLs timed against the 10 s takeover bound;
// - the crash files, which time a SIGKILL against a flood of commands.
// Running them alone does not loosen a bound: it gives them the machine the bounds are stated for.
const ONE_AT_A_TIME = [
  'test/browser/**/*.test.ts',
  'test/live/**/*.test.ts',
  'test/recording/**/*.test.ts',
  'test/cluster/**/*.test.ts',
  'test/media/**/*.test.ts',
  'test/stills/**/*.test.ts',
  '**/*crash*.test.ts',
];

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
          exclude: ['**/node_modules/**', ...ONE_AT_A_TIME],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          // Type tests (*.test-d.ts) are checked by the compiler, not run: the media signalling's types.
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'one-at-a-time',
          include: ONE_AT_A_TIME,
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
