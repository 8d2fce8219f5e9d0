import type { types } from 'mediasoup';
import type { PooledWorker } from './worker-pool.js';

/**
 * One router of a conference on one worker. The primary carries every producer; further slots on
 * other workers carry only consumers, fed through pipeToRouter, when one worker has enough.
 */
export type RouterSlot = {
  router: types.Router;
  worker: PooledWorker;
  /** producers of the primary already piped into this router: original producer id → piped producer */
  piped: Map<string, Promise<void>>;
};

export function countConsumer(slot: RouterSlot, consumer: types.Consumer): void {
  const worker = slot.worker;
  worker.consumers++;
  consumer.observer.once('close', () => {
    worker.consumers--;
  });
}
