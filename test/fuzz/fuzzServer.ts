import '../../server/main.js';

// The server exactly as `npm start` runs it (server/main.ts), plus one probe for the fuzzer's
// memory invariant: on SIGUSR2 it collects garbage (node runs with --expose-gc) and prints its
// heap as one JSON line, so "memory stays bounded" compares live heap, not the resident size
// that V8 keeps after a burst.

process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ fuzzHeap: { heapUsed, rss } })}\n`);
});
