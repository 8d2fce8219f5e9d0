// Which mediasoup-worker binary the next createWorker() spawns, switchable inside one process, so
// that two builds (upstream's and a patched one) can be measured interleaved in the same run.
// mediasoup reads MEDIASOUP_WORKER_BIN once when it loads and spawns `exports.workerBin` of its
// Worker module at each createWorker(); that export is what this sets. The module is reached by
// its file path because mediasoup's package "exports" do not list it; Node's module cache makes it
// the very instance mediasoup's index uses.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const workerModule = require(join(dirname(require.resolve('mediasoup')), 'Worker.js')) as { workerBin: string };

/** The binary mediasoup spawns now (MEDIASOUP_WORKER_BIN or the one built in node_modules). */
export function currentWorkerBin(): string {
  return workerModule.workerBin;
}

/** Spawn `bin` from the next createWorker() on. */
export function useWorkerBin(bin: string): void {
  if (!existsSync(bin)) throw new Error(`mediasoup-worker binary not found: ${bin}`);
  workerModule.workerBin = bin;
}
