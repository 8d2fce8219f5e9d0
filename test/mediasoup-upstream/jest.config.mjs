// mediasoup's own test suite, as the npm package ships it compiled (node/lib/test/test-*.js), run
// by jest against the worker WE build (node_modules/mediasoup/worker/out/Release). The tests find
// the library with require('../'), so they run where they are installed: jest must be told not to
// skip node_modules.
import { fileURLToPath } from 'node:url';

export default {
  rootDir: fileURLToPath(new URL('../../node_modules/mediasoup/node/lib', import.meta.url)),
  testMatch: ['<rootDir>/test/test-*.js'],
  testPathIgnorePatterns: [],
  transform: {},
  haste: { retainAllFiles: true },
  testEnvironment: 'node',
  // The files mostly wait on workers and timers (9 s of CPU for 110 s of wall time one by one),
  // so four at once fit on two cores.
  maxWorkers: 4,
  testTimeout: 30_000,
};
