import type { types } from 'mediasoup';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import type { MediaRequest, TransportDirection } from '../../shared/protocol/media.js';
import { currentFeeds, syncReceiver, type SyncContext } from './consumer-sync.js';
import { applyMicrophones, checkedOnly } from './private-check-isolation.js';
import { mediaError } from './errors.js';
import { ROUTER_MEDIA_CODECS, type MediaTuning } from './media-config.js';
import { closeSourceOf, type MediaSession, type ProducerData, type View } from './media-session.js';
import { isAudible, OPEN_POLICY, type ConferencePolicy, type MediaObservation } from './policy.js';
import { withoutBandwidthFeedback, type HeldTap } from './media-tap.js';
import { ConferenceTaps } from './conference-taps.js';
import { pipeInto, placeReceiver, placeSender, type Placement, type RouterSlot } from './router-slot.js';
import type { WorkerPool } from './worker-pool.js';
import { TalkingTracker } from './talking.js';
import { connectTransport, createTransport, restartIce, type ConnectParams, type PlainOptions, type TransportParams } from './transports.js';
import { PipeEnds } from './pipe-ends.js';
import { SyncLoop } from './sync-loop.js';
import { RemoteFeeds } from './remote-feeds.js';
import { PrivateChecks } from './private-checks.js';
import type { MediaPeers } from './pipe-wire.js';

export type { ConnectParams, PlainOptions, TransportParams } from './transports.js';

/** How long routers with no session and no tap are kept before they go back to their workers. */
const IDLE_RELEASE_MS = 1_000;

type Deps = {
  conferenceId: string;
  pool: WorkerPool;
  rtc: Config['rtc'];
  tuning: MediaTuning;
  logger: Logger;
  observe: (o: MediaObservation) => void;
  /** a producer came or went: a recorder follows the points' feeds */
  feedsChanged: () => void;
  /** the other nodes of a cluster (cascaded media); absent on a single node */
  peers?: MediaPeers | undefined;
};

/**
 * The media of one conference: its routers (a primary that carries every producer, and further
 * routers on other workers for receivers once a worker is full), its sessions, and the loop that
 * keeps every receiver's consumers in line with the meeting's policy.
 */
export class ConferenceMedia {
  readonly id: string;
  readonly sessions = new Map<string, MediaSession>();
  #policy: ConferencePolicy = OPEN_POLICY;
  #primary: Promise<RouterSlot> | undefined;
  /** the primary once built (the producer-close handler needs it without waiting) */
  #primarySlot: RouterSlot | undefined;
  #extras: RouterSlot[] = [];
  #talking: TalkingTracker | undefined;
  /** the organiser's private checks: this node's sessions', and the points other nodes' organisers check */
  readonly checks: PrivateChecks;
  /** the recorder's, the live program's and stills' taps */
  readonly #taps: ConferenceTaps;
  #idleRelease: NodeJS.Timeout | undefined;
  /** keeps every receiver's consumers in line: one sync at a time, one more after any change asked for meanwhile */
  readonly #sync: SyncLoop;
  readonly #deps: Deps;
  /** cascading (cluster mode): feeds of other nodes piped in, and our producers piped out */
  readonly remote: RemoteFeeds | undefined;
  readonly ends: PipeEnds | undefined;

  constructor(deps: Deps) {
    this.id = deps.conferenceId;
    this.#deps = deps;
    this.#sync = new SyncLoop(
      () => this.#syncOnce(),
      (err) => deps.logger.warn({ conference: this.id, err: err.message }, 'media sync step failed; retried on next change'),
    );
    if (deps.peers) {
      // Another node's catalogue changed shape: receivers re-plan, and the recorder, the live
      // program and stills (pointFeeds) follow the points of other nodes as they do local ones.
      const changed = () => {
        this.requestSync();
        deps.feedsChanged();
      };
      this.remote = new RemoteFeeds({ conferenceId: this.id, peers: deps.peers, changed, checksChanged: () => this.requestSync(), logger: deps.logger });
      this.ends = new PipeEnds(this.id, deps.peers);
    }
    this.checks = new PrivateChecks(this.remote);
    this.#taps = new ConferenceTaps({
      primary: () => this.primary(),
      producers: () => this.producers(),
      slotOf: (producer, primary) => this.#slotOf(producer, primary),
      remote: this.remote,
      checkedOnly: (producer) => checkedOnly(producer, this.checks.points(this.sessions), this.#policy),
      requestSync: () => this.requestSync(),
      idle: () => this.#releaseWhenIdle(),
    });
  }

  /** This node's producers changed: the recorder and the other nodes follow. */
  #feedsChanged(): void {
    this.#deps.feedsChanged();
    this.#deps.peers?.announce(this.id);
  }

  /** The router this node's producers live on, if it exists now (the feeds announced name it). */
  async currentRouter(): Promise<types.Router | undefined> {
    const slot = await this.#primary?.catch(() => undefined);
    return slot && !slot.router.closed ? slot.router : undefined;
  }

  get policy(): ConferencePolicy {
    return this.#policy;
  }

  get slots(): RouterSlot[] {
    return this.#extras;
  }

  async primary(): Promise<RouterSlot> {
    this.#primary ??= this.#buildPrimary();
    try {
      return await this.#primary;
    } catch (err) {
      this.#primary = undefined;
      throw err;
    }
  }

  async #buildPrimary(): Promise<RouterSlot> {
    const { pool, tuning, observe } = this.#deps;
    await pool.ready();
    const worker = pool.leastLoaded();
    if (!worker) throw mediaError('MEDIA_UNAVAILABLE');
    const router = await worker.worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS, appData: { conferenceId: this.id } });
    this.#talking = await TalkingTracker.create(
      router,
      tuning.activeSpeakerIntervalMs,
      (pointId) => isAudible(this.#policy, pointId),
      (pointId) => observe({ type: 'setActiveSpeaker', pointId, at: Date.now() }),
    );
    this.#primarySlot = { router, worker, piped: new Map() };
    return this.#primarySlot;
  }

  /** Every router of this conference; used to tell whether a dead worker concerns it. */
  async usesWorker(index: number): Promise<boolean> {
    const primary = this.#primary ? await this.#primary.catch(() => undefined) : undefined;
    return primary?.worker.index === index || this.#extras.some((s) => s.worker.index === index);
  }

  /**
   * A producer another node asks for, made consumable on the primary router, where this node's
   * pipes to other nodes live: its sender may be on another worker (spreadSendersFrom), and no
   * receiver here may have had it piped to the primary yet.
   */
  async forPipe(producerId: string): Promise<types.Producer<ProducerData> | undefined> {
    const producer = this.producers().find((p) => p.id === producerId);
    if (!producer) return undefined;
    const primary = await this.primary();
    await pipeInto(this.#slotOf(producer, primary), primary, producer.id);
    return producer;
  }

  producers(): types.Producer<ProducerData>[] {
    return [...this.sessions.values()].flatMap((s) => [...s.producers.values()]).filter((p) => !p.closed);
  }

  // --- sessions ---

  addSession(session: MediaSession): void {
    // A point that reconnects (page reload, network blip) gets no second set of tiles: its new
    // producers replace the old connection's, one per point and source (see produce()).
    this.sessions.set(session.info.sessionId, session);
  }

  removeSession(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    const checked = this.checks.drop(sessionId);
    session.closeMedia();
    // A writer node may hold taps of points on other nodes with no session of its own.
    if (this.#unused()) this.#releaseRouters();
    else this.requestSync();
    if (checked) this.#announceChecks();
  }

  /** Nothing here needs the routers: no session, no tap open or opening. */
  #unused(): boolean {
    return this.sessions.size === 0 && !this.#taps.busy;
  }

  /** Nobody is connected: give the routers back to their workers (the policy stays; routers come back on the next join). */
  #releaseRouters(): void {
    clearTimeout(this.#idleRelease);
    const primary = this.#primary;
    this.#primarySlot = undefined;
    this.#primary = undefined;
    const talking = this.#talking;
    this.#talking = undefined;
    // Nobody is left to talk: say so (a point that was talking when the last one left).
    if (talking?.current) this.#deps.observe({ type: 'setActiveSpeaker', pointId: null, at: Date.now() });
    talking?.close();
    this.remote?.reset();
    this.ends?.reset();
    this.#deps.peers?.announce(this.id);
    for (const slot of this.#extras) if (!slot.router.closed) slot.router.close();
    this.#extras = [];
    void primary?.then((s) => !s.router.closed && s.router.close()).catch(() => undefined);
  }

  // --- signalling ---

  async rtpCapabilities(): Promise<types.RtpCapabilities> {
    return (await this.primary()).router.rtpCapabilities;
  }

  async createTransport(session: MediaSession, direction: TransportDirection, plain?: PlainOptions): Promise<TransportParams> {
    if (direction === 'send' && !session.canSend) throw mediaError('RECEIVE_ONLY');
    const placement = await this.#placement();
    const slot = direction === 'send' ? await placeSender(placement, this.sessions.values(), session) : await placeReceiver(placement);
    return createTransport(slot, session, direction, { rtc: this.#deps.rtc, tuning: this.#deps.tuning, plain });
  }

  connect(session: MediaSession, transportId: string, params: ConnectParams): Promise<void> {
    return connectTransport(session, transportId, params);
  }

  restartIce(session: MediaSession, transportId: string): Promise<types.IceParameters> {
    return restartIce(session, transportId);
  }

  async produce(session: MediaSession, req: MediaRequest<'media:produce'>): Promise<{ producerId: string }> {
    const pointId = session.info.pointId;
    if (pointId === null) throw mediaError('RECEIVE_ONLY');
    if (!session.send || session.send.id !== req.transportId || session.send.closed) throw mediaError('TRANSPORT_NOT_FOUND');
    if ((req.source === 'microphone') !== (req.kind === 'audio')) throw mediaError('BAD_REQUEST', { field: 'source', source: req.source, kind: req.kind });
    if ((req.source === 'panel' || req.source === 'screen') && pointId !== this.#policy.centralPointId) {
      throw mediaError('SOURCE_NOT_ALLOWED', { source: req.source, cause: 'central point only' });
    }
    closeSourceOf(this.sessions.values(), pointId, req.source);
    const producer = await session.send.produce<ProducerData>({
      kind: req.kind,
      rtpParameters: req.rtpParameters as types.RtpParameters,
      paused: req.kind === 'audio' && !isAudible(this.#policy, pointId),
      appData: { sessionId: session.info.sessionId, pointId, source: req.source, since: Date.now() },
    });
    session.producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      session.producers.delete(producer.id);
      for (const slot of this.#slots()) slot.piped.delete(producer.id);
      this.requestSync();
      this.#feedsChanged();
    });
    if (producer.kind === 'audio' && this.#talking) {
      // The talking observer lives on the primary: a microphone of another slot is piped to it.
      const primary = await this.primary();
      await pipeInto(this.#slotOf(producer, primary), primary, producer.id);
      await this.#talking.add(producer);
    }
    this.requestSync();
    this.#feedsChanged();
    return { producerId: producer.id };
  }

  closeProducer(session: MediaSession, producerId: string): void {
    const producer = session.producers.get(producerId);
    if (!producer) throw mediaError('PRODUCER_NOT_FOUND');
    producer.close();
  }

  consume(session: MediaSession, rtpCapabilities: unknown): void {
    if (!session.recv || session.recv.closed) throw mediaError('NOT_READY_TO_CONSUME', { cause: 'no recv transport' });
    const caps = rtpCapabilities as types.RtpCapabilities;
    session.rtpCapabilities = session.recv.type === 'plain' ? withoutBandwidthFeedback(caps) : caps;
    this.requestSync();
  }

  resumeConsumer(session: MediaSession, consumerId: string): void {
    const consumer = session.consumers.get(consumerId);
    if (!consumer) throw mediaError('CONSUMER_NOT_FOUND');
    consumer.appData.clientReady = true;
    this.requestSync();
  }

  setView(session: MediaSession, view: View): void {
    session.view = view;
    this.requestSync();
  }

  /**
   * Starts (or moves, or with null ends) a private check: the point's camera and microphone for
   * this session alone. The point must be one of the meeting's (the policy lists them in order).
   */
  setPrivateCheck(session: MediaSession, pointId: string | null): void {
    if (pointId !== null && !this.#policy.pointOrder.includes(pointId)) throw mediaError('UNKNOWN_POINT');
    const changed = this.checks.set(session.info.sessionId, pointId);
    this.requestSync();
    if (changed) this.#announceChecks();
  }

  /** The other nodes hear of the points checked here (the point's node opens its microphone) once this node's receivers are isolated. */
  #announceChecks(): void {
    const peers = this.#deps.peers;
    if (peers) void this.settled().then(() => peers.announce(this.id));
  }

  setPolicy(policy: ConferencePolicy): void {
    // The room hands a policy after every event; most events (a roll-call mark) change nothing here.
    if (JSON.stringify(policy) === JSON.stringify(this.#policy)) return;
    this.#policy = policy;
    this.#talking?.recheck();
    this.requestSync();
  }

  /** A recorder's tap of one producer (conference-taps.ts). */
  openTap(producerId: string, dest: { ip: string; port: number }): Promise<HeldTap> {
    return this.#taps.tap(producerId, dest);
  }

  /**
   * The last tap closed on a node with no session: the routers go back to their workers, a moment
   * later (a recorder that restarts on a new camera closes its taps and opens new ones at once).
   */
  #releaseWhenIdle(): void {
    if (!this.#unused() || !this.#primary) return;
    clearTimeout(this.#idleRelease);
    this.#idleRelease = setTimeout(() => this.#unused() && this.#primary && this.#releaseRouters(), IDLE_RELEASE_MS);
    this.#idleRelease.unref();
  }

  // --- keeping consumers in line ---

  /** Resolves when every change requested so far has been applied. */
  settled(): Promise<void> {
    return this.#sync.settled();
  }

  requestSync(): void {
    this.#sync.request();
  }

  async #syncOnce(): Promise<void> {
    if (!this.#primary) return;
    const primary = await this.#primary;
    if (primary.router.closed) return;
    const producers = this.producers();
    const remote = this.remote;
    const feeds = [...producers, ...(remote?.feeds() ?? [])];
    const { checks, checked } = await applyMicrophones({ policy: this.#policy, producers, feeds, sessions: this.sessions, checks: this.checks, taps: this.#taps.open(), ends: this.ends });
    const ctx: SyncContext = {
      policy: this.#policy,
      primary,
      producers: currentFeeds(feeds),
      checks,
      checked,
      bring: async (feed) => remote?.bring(feed, primary.router),
      slotOf: (feed) => this.#slotOf(feed, primary),
    };
    for (const session of [...this.sessions.values()]) {
      await syncReceiver(ctx, session).catch((err: Error) =>
        this.#deps.logger.warn({ conference: this.id, session: session.info.sessionId, err: err.message }, 'could not sync a receiver'),
      );
    }
    // Cascading: a feed of another node stays piped in only while some receiver or tap here consumes it.
    const consumed = [...this.sessions.values()].flatMap((s) => [...s.consumers.values()].filter((c) => !c.closed).map((c) => c.appData.producerId));
    remote?.releaseUnused(new Set([...consumed, ...this.#taps.producerIds()]));
  }

  async #placement(): Promise<Placement> {
    const { pool, tuning, logger } = this.#deps;
    return { conferenceId: this.id, pool, tuning, logger, primary: await this.primary(), extras: this.#extras };
  }

  #slots(): RouterSlot[] {
    return [...(this.#primarySlot ? [this.#primarySlot] : []), ...this.#extras];
  }

  /** The slot a feed lives on: its sender's; one brought from another node is on the primary. */
  #slotOf(feed: { appData: { sessionId: string } }, primary: RouterSlot): RouterSlot {
    return this.sessions.get(feed.appData.sessionId)?.sendSlot ?? primary;
  }

  // --- faults ---

  /**
   * The worker under (part of) this conference died. Everything media is rebuilt from nothing:
   * the sessions stay, their browsers are told to set their transports up again.
   */
  reset(reason: 'worker-died' | 'rebalanced'): void {
    for (const session of this.sessions.values()) session.closeMedia();
    this.#releaseRouters();
    this.#deps.logger.warn({ conference: this.id, reason, sessions: this.sessions.size }, 'conference media reset; clients re-create their transports');
    for (const session of this.sessions.values()) session.info.push({ type: 'reset', reason });
  }

  close(): void {
    for (const session of this.sessions.values()) session.closeMedia();
    this.sessions.clear();
    this.#releaseRouters();
  }
}
