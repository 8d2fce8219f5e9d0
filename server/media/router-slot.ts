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

/**
 * Keeps the worker's count of flowing consumers: those that really forward packets (not paused by
 * the plan, sender not muted). A paused consumer costs ~10 KiB and no CPU (bench:sfu), so it
 * does not count towards the limit that decides when a conference spreads to another worker.
 */
export function countConsumer(slot: RouterSlot, consumer: types.Consumer): void {
  const worker = slot.worker;
  let counted = false;
  const update = () => {
    const flowing = !consumer.closed && !consumer.paused && !consumer.producerPaused;
    if (flowing === counted) return;
    counted = flowing;
    worker.consumers += flowing ? 1 : -1;
  };
  consumer.observer.on('pause', update);
  consumer.observer.on('resume', update);
  consumer.observer.once('close', update);
  update();
}
