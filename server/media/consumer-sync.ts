import type { types } from 'mediasoup';
import { planLayout, tileKey, type SpatialLayer, type VideoOnOffer, type VideoSource } from '../../shared/media/layout-plan.js';
import { plainCodec } from '../../shared/protocol/media.js';
import type { ConsumerData, MediaSession } from './media-session.js';
import { isAudible, type ConferencePolicy } from './policy.js';
import type { Feed } from './remote-feeds.js';
import { countConsumer, pipeInto, type RouterSlot } from './router-slot.js';

/**
 * Brings one receiver's consumers in line with its layout plan: visible tiles consumed and flowing
 * at the planned layer, hidden tiles paused (no packets), every other point's microphone consumed
 * (its producer's pause, set by floor control, carries through). Idempotent: run it after any change.
 */

export type SyncContext = {
  policy: ConferencePolicy;
  primary: RouterSlot;
  /** every producer of the conference, one per point and source (currentFeeds): local ones and those other nodes hold */
  producers: Feed[];
  /** makes a feed of another node a producer of the primary router before it is consumed (cascading) */
  bring: (feed: Feed) => Promise<void>;
  /** the slot a feed lives on: its sender's (senders spread over the workers), the primary for one brought from another node */
  slotOf: (feed: Feed) => RouterSlot;
  /** private checks: session id → the one point that session sees and hears, outside the program */
  checks: ReadonlyMap<string, string>;
  /** every point checked now, by this node's sessions or (cluster mode) another node's organiser */
  checked: ReadonlySet<string>;
};

/**
 * One feed per point and source, the newest (`since`): a point that moved from a node that died
 * to another sends new producers there while the dead node's are still announced (until its
 * announcements are 5 s overdue, remote-feeds.ts). Receivers get the new ones at once; a consumer
 * of a superseded one is closed by syncReceiver.
 */
export function currentFeeds<F extends Feed>(producers: readonly F[]): F[] {
  const newest = new Map<string, F>();
  for (const p of producers) {
    if (p.closed) continue;
    const key = `${p.appData.pointId}:${p.appData.source}`;
    const seen = newest.get(key);
    if (!seen || p.appData.since >= seen.appData.since) newest.set(key, p);
  }
  return producers.filter((p) => newest.get(`${p.appData.pointId}:${p.appData.source}`) === p);
}

/** Video on offer in the meeting's order of points: the order tiles are paged in. */
export function videosOnOffer<F extends Feed>(policy: ConferencePolicy, producers: F[]): Map<string, F> {
  const rank = (pointId: string) => {
    const i = policy.pointOrder.indexOf(pointId);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  const sourceRank = { camera: 0, panel: 1, screen: 2, microphone: 3 } as const;
  const videos = producers
    .filter((p) => p.kind === 'video' && !p.closed)
    .map((p, arrival) => ({ p, arrival }))
    .sort((a, b) => rank(a.p.appData.pointId) - rank(b.p.appData.pointId) || sourceRank[a.p.appData.source] - sourceRank[b.p.appData.source] || a.arrival - b.arrival)
    .map(({ p }) => p);
  return new Map(videos.map((p) => [tileKey(p.appData.pointId, p.appData.source as VideoSource), p]));
}

/** Tells the browser when a consumer's effective state (paused here, or its sender muted) changes. */
export function tell(session: MediaSession, consumer: types.Consumer<ConsumerData>): void {
  if (consumer.closed) return;
  const paused = consumer.paused || consumer.producerPaused;
  if (paused === consumer.appData.toldPaused) return;
  consumer.appData.toldPaused = paused;
  session.info.push(
    paused
      ? { type: 'consumerPaused', consumerId: consumer.id, byProducer: consumer.producerPaused && !consumer.paused }
      : { type: 'consumerResumed', consumerId: consumer.id },
  );
}

async function createConsumer(
  ctx: SyncContext,
  session: MediaSession,
  producer: Feed,
  layer: SpatialLayer | null,
): Promise<types.Consumer<ConsumerData> | undefined> {
  const { recv, recvSlot: slot, rtpCapabilities } = session;
  if (!recv || !slot || !rtpCapabilities || recv.closed) return undefined;
  await ctx.bring(producer);
  await pipeInto(ctx.slotOf(producer), slot, producer.id);
  if (!slot.router.canConsume({ producerId: producer.id, rtpCapabilities })) return undefined;
  const plain = recv.type === 'plain';
  const consumer = await recv.consume<ConsumerData>({
    producerId: producer.id,
    rtpCapabilities,
    // Created paused (mediasoup's advice): the browser resumes it once its side is ready, so the
    // first packet it gets is after a key frame request, not lost into a missing receiver.
    paused: !plain,
    ...(layer !== null ? { preferredLayers: { spatialLayer: layer, temporalLayer: 2 } } : {}),
    appData: { pointId: producer.appData.pointId, source: producer.appData.source, producerId: producer.id, clientReady: plain, toldPaused: true },
  });
  countConsumer(slot, consumer);
  session.consumers.set(consumer.id, consumer);
  const forget = () => {
    if (session.consumers.get(consumer.id) === consumer) session.consumers.delete(consumer.id);
  };
  consumer.on('transportclose', forget);
  consumer.on('producerclose', () => {
    forget();
    session.info.push({ type: 'consumerClosed', consumerId: consumer.id });
  });
  consumer.on('producerpause', () => tell(session, consumer));
  consumer.on('producerresume', () => tell(session, consumer));
  consumer.on('layerschange', (layers) => session.info.push({ type: 'consumerLayers', consumerId: consumer.id, spatialLayer: layers?.spatialLayer ?? null }));
  session.info.push({
    type: 'newConsumer',
    consumer: {
      consumerId: consumer.id,
      producerId: producer.id,
      pointId: producer.appData.pointId,
      source: producer.appData.source,
      kind: consumer.kind,
      rtpParameters: { ...consumer.rtpParameters, codecs: consumer.rtpParameters.codecs.map(plainCodec) },
      paused: true,
    },
  });
  if (plain) tell(session, consumer);
  return consumer;
}

async function show(session: MediaSession, consumer: types.Consumer<ConsumerData>, layer: SpatialLayer | null): Promise<void> {
  if (consumer.closed) return;
  if (consumer.appData.clientReady && consumer.paused) await consumer.resume();
  if (layer !== null && consumer.type === 'simulcast' && consumer.preferredLayers?.spatialLayer !== layer) {
    await consumer.setPreferredLayers({ spatialLayer: layer, temporalLayer: 2 });
  }
  tell(session, consumer);
}

async function hide(session: MediaSession, consumer: types.Consumer<ConsumerData>): Promise<void> {
  if (consumer.closed) return;
  if (!consumer.paused) await consumer.pause();
  tell(session, consumer);
}

export async function syncReceiver(ctx: SyncContext, session: MediaSession): Promise<void> {
  if (!session.recv || !session.rtpCapabilities) return;
  // In loopback (the pre-flight check) a point also receives itself, as any other point would.
  const own = session.view.loopback ? null : session.info.pointId;
  const videos = videosOnOffer(ctx.policy, ctx.producers);
  const offers: VideoOnOffer[] = [...videos.values()].map((p) => ({ pointId: p.appData.pointId, source: p.appData.source as VideoSource }));
  // A private check shows the checker that one point's camera and nothing else.
  const checking = ctx.checks.get(session.info.sessionId) ?? null;
  const checkedCamera = checking === null ? null : tileKey(checking, 'camera');
  const viewer =
    checkedCamera === null
      ? { pointId: own, page: session.view.page, pageSize: session.view.pageSize, minimised: session.view.minimised }
      : { pointId: own, page: 0, pageSize: 1, minimised: [...videos.keys()].filter((k) => k !== checkedCamera) };
  const plan = planLayout({
    mode: ctx.policy.mode,
    centralPointId: ctx.policy.centralPointId,
    floorHolders: ctx.policy.floorHolders,
    spotlight: ctx.policy.spotlight,
    videos: offers,
    viewer,
  });
  const planText = JSON.stringify(plan);
  if (planText !== session.lastPlan) {
    session.lastPlan = planText;
    session.info.push({ type: 'plan', ...plan });
  }

  for (const tile of plan.tiles) {
    const producer = videos.get(tile.key);
    if (!producer || tile.hiddenBecause === 'self') continue;
    const existing = session.consumerFor(producer.id);
    if (tile.size === 'hidden') {
      // Not created until first shown: a point on page 7 costs nothing until someone looks at it.
      if (existing) await hide(session, existing);
      continue;
    }
    const consumer = existing ?? (await createConsumer(ctx, session, producer, tile.layer));
    if (consumer) await show(session, consumer, tile.layer);
  }

  for (const producer of ctx.producers) {
    const from = producer.appData.pointId;
    if (producer.kind !== 'audio' || producer.closed || from === own) continue;
    const consumer = session.consumerFor(producer.id) ?? (await createConsumer(ctx, session, producer, null));
    if (!consumer) continue;
    // The checker hears only the point it checks; the others never hear a point the program has
    // closed just because someone checks it (its producer is open for the checker's sake).
    const hidden = checking !== null ? from !== checking : ctx.checked.has(from) && !isAudible(ctx.policy, from);
    if (hidden) await hide(session, consumer);
    else await show(session, consumer, null);
  }

  // A consumer of a producer that is no longer offered (superseded by the point's newer one) goes,
  // so the browser shows the new picture instead of the old one's last frame beside it.
  const offered = new Set(ctx.producers.map((p) => p.id));
  for (const consumer of [...session.consumers.values()]) {
    if (offered.has(consumer.appData.producerId) || consumer.closed) continue;
    consumer.close();
    session.consumers.delete(consumer.id);
    session.info.push({ type: 'consumerClosed', consumerId: consumer.id });
  }
}

