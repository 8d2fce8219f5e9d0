import type { types } from 'mediasoup';
import type { Logger } from '../log/logger.js';
import { ROUTER_MEDIA_CODECS, type MediaTuning } from './media-config.js';
import type { MediaSession } from './media-session.js';
import type { PooledWorker, WorkerPool } from './worker-pool.js';

/**
 * One router of a conference on one worker. The primary (the conference's first router) carries
 * the talking observer; every slot may carry senders and receivers. A receiver consuming a
 * producer of another slot gets it through pipeToRouter, in either direction (issue 18).
 */
export type RouterSlot = {
  router: types.Router;
  worker: PooledWorker;
  /** producers of other slots already piped into this router: original producer id → piping done */
  piped: Map<string, Promise<void>>;
};

/** Makes a producer of `from` consumable on `to` (pipeToRouter keeps its id), once per producer and router. */
export async function pipeInto(from: RouterSlot, to: RouterSlot, producerId: string): Promise<void> {
  if (from === to) return;
  let piping = to.piped.get(producerId);
  if (!piping) {
    piping = from.router.pipeToRouter({ producerId, router: to.router }).then(() => undefined);
    to.piped.set(producerId, piping);
    piping.catch(() => to.piped.delete(producerId));
  }
  await piping;
}

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

/** Where a conference's further routers come from, and the rules that place transports on them. */
export type Placement = {
  conferenceId: string;
  pool: WorkerPool;
  tuning: MediaTuning;
  logger: Logger;
  primary: RouterSlot;
  /** the conference's routers on other workers; a new one is appended here */
  extras: RouterSlot[];
};

async function openSlot(p: Placement, worker: PooledWorker, why: string): Promise<RouterSlot> {
  const router = await worker.worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS, appData: { conferenceId: p.conferenceId } });
  const slot: RouterSlot = { router, worker, piped: new Map() };
  p.extras.push(slot);
  p.logger.info({ conference: p.conferenceId, worker: worker.index, why }, 'conference spread to another worker (pipeToRouter)');
  return slot;
}

const live = (p: Placement) => [p.primary, ...p.extras].filter((s) => s.worker.alive && !s.router.closed);

/**
 * A receiver: on the primary while its worker forwards fewer than maxConsumersPerWorker flowing
 * consumers, then on a slot of another worker under the limit (opened if need be), and once every
 * worker carries the conference, where the fewest consumers flow.
 */
export async function placeReceiver(p: Placement): Promise<RouterSlot> {
  const limit = p.tuning.maxConsumersPerWorker;
  if (p.primary.worker.consumers < limit) return p.primary;
  const open = p.extras.find((s) => s.worker.alive && !s.router.closed && s.worker.consumers < limit);
  if (open) return open;
  const used = new Set([p.primary, ...p.extras].map((s) => s.worker.index));
  const worker = p.pool.leastLoaded(used);
  if (!worker || used.has(worker.index)) return live(p).sort((a, b) => a.worker.consumers - b.worker.consumers)[0] ?? p.primary;
  return openSlot(p, worker, 'receivers');
}

/**
 * A sender (its send transport and so its producers, whose input that worker decrypts): on the
 * primary while the conference has fewer than spreadSendersFrom senders, so that a small meeting
 * pipes nothing; from then on on the conference's slot, one on every live worker, whose senders
 * bring in the least, by their send bitrate as link health measured it each tick (a sender not
 * measured yet counts as the mean of the measured ones).
 */
export async function placeSender(p: Placement, sessions: Iterable<MediaSession>, self: MediaSession): Promise<RouterSlot> {
  const senders = [...sessions].filter((s) => s !== self && s.send && !s.send.closed && s.sendSlot);
  if (senders.length < p.tuning.spreadSendersFrom || p.pool.workers.length < 2) return p.primary;
  const used = new Set([p.primary, ...p.extras].map((s) => s.worker.index));
  for (const worker of p.pool.workers) if (!used.has(worker.index)) await openSlot(p, worker, 'senders');
  const measured = senders.filter((s) => s.sendBitrate > 0);
  const typical = measured.length > 0 ? measured.reduce((sum, s) => sum + s.sendBitrate, 0) / measured.length : 1;
  const ingress = new Map<RouterSlot, number>(live(p).map((s) => [s, 0]));
  for (const s of senders) if (ingress.has(s.sendSlot!)) ingress.set(s.sendSlot!, ingress.get(s.sendSlot!)! + (s.sendBitrate > 0 ? s.sendBitrate : typical));
  return [...ingress].sort((a, b) => a[1] - b[1])[0]?.[0] ?? p.primary;
}
