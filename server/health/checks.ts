import type { MeetingEvent } from '../../shared/protocol/index.js';
import type { WorkerPool } from '../media/worker-pool.js';
import type { EventStore } from '../store/EventStore.js';
import type { CheckOutcome } from './readiness.js';

// The node's own readiness checks. Others (Redis, the conference leases) are registered by the
// parts that own them.

/** The event log answers a read (one key of its meta table: a single indexed query on either store). */
export function storeCheck(store: EventStore<MeetingEvent>): () => Promise<CheckOutcome> {
  return async () => {
    await store.meta.get('ready-probe');
    return { ok: true };
  };
}

/**
 * Every configured mediasoup worker is alive and answers over its channel. A killed worker is down
 * until the pool has replaced it; a worker that is alive but stuck (its channel does not answer) is
 * down too. The ask is getResourceUsage, one small request per worker, much cheaper than a dump.
 */
export function mediaCheck(pool: WorkerPool): () => Promise<CheckOutcome> {
  return async () => {
    const problems = await Promise.all(
      pool.slots.map(async ({ index, alive, worker }) => {
        if (!alive || !worker || worker.closed) return `worker ${index} is dead (being replaced)`;
        const answered = await Promise.race([worker.getResourceUsage().then(() => true, () => false), delay(WORKER_ANSWER_MS)]);
        return answered ? undefined : `worker ${index} does not answer`;
      }),
    );
    const down = problems.filter((p): p is string => p !== undefined);
    return down.length === 0 ? { ok: true } : { ok: false, detail: down.join('; ') };
  };
}

const WORKER_ANSWER_MS = 1_000;

function delay(ms: number): Promise<false> {
  return new Promise((resolve) => setTimeout(() => resolve(false), ms).unref());
}
