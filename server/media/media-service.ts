import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Config } from '../config/config.js';
import type { Logger } from '../log/logger.js';
import type { HealthReport } from '../../shared/media/health.js';
import type { MediaRequest, TransportDirection } from '../../shared/protocol/media.js';
import { ConferenceMedia, type ConnectParams, type PlainOptions, type TransportParams } from './conference-media.js';
import { currentFeeds } from './consumer-sync.js';
import { asMediaError, mediaError } from './errors.js';
import { LinkHealth, type SamplingStats } from './link-health.js';
import type { MediaTap } from './media-tap.js';
import { DEFAULT_TUNING, type MediaTuning } from './media-config.js';
import { DEFAULT_VIEW, MediaSession, type SessionInfo, type View } from './media-session.js';
import { isAudible, type ConferencePolicy, type MediaObservation } from './policy.js';
import { WorkerPool, type WorkerPoolOptions } from './worker-pool.js';
import { PipeError, type FeedWire, type MediaPeers, type PipeReply, type PipeRequest } from './pipe-wire.js';

export type { ConferencePolicy, MediaObservation, MediaTap, SessionInfo, TransportParams, View };

export type MediaCounts = {
  conferences: number;
  sessions: number;
  transports: Record<'send' | 'recv', number>;
  producers: Record<'audio' | 'video', number>;
  consumers: Record<'audio' | 'video', { forwarding: number; paused: number }>;
};

/** One point's camera and microphone as the SFU has them now (producer ids), for a recorder. */
export type PointFeed = { pointId: string; camera: string | null; microphone: string | null };

type ServiceEvents = {
  /** Something media saw that the meeting should record (as a `system` command). */
  observation: [conferenceId: string, observation: MediaObservation];
  /** A link-health sample of one conference, every healthIntervalMs. */
  health: [report: HealthReport];
  /** A worker died; these conferences were reset and their clients told to reconnect media. */
  workerDied: [index: number, conferenceIds: string[]];
  workerReplaced: [index: number];
  /** A producer of this conference came or went: what a recorder records may have changed. */
  feeds: [conferenceId: string];
};

export type MediaServiceOptions = {
  rtc: Config['rtc'];
  logger: Logger;
  tuning?: Partial<MediaTuning>;
  /** mediasoup worker diagnostics (its own log level and tags) */
  workerLog?: Pick<WorkerPoolOptions, 'logLevel' | 'logTags'>;
};

/** Roles whose consoles get the link-health report. */
const HEALTH_VIEWERS = new Set(['chair', 'clerk', 'admin']);

/**
 * The SFU behind a small interface: join, transports, produce, consume, pause/resume (by the plan
 * and by floor control), layers, leave, stats. Everything is keyed by a session id (one socket);
 * callers never see a mediasoup object. Errors are MediaError with a code, never mediasoup's own.
 */
export class MediaService extends EventEmitter<ServiceEvents> {
  readonly pool: WorkerPool;
  readonly tuning: MediaTuning;
  readonly #rtc: Config['rtc'];
  readonly #logger: Logger;
  readonly #conferences = new Map<string, ConferenceMedia>();
  readonly #health = new Map<string, LinkHealth>();
  readonly #sessions = new Map<string, MediaSession>();
  readonly #timer: NodeJS.Timeout;
  #sampling = false;
  #peers: MediaPeers | undefined;
  #mergeHealth: ((report: HealthReport) => HealthReport) | undefined;

  private constructor(pool: WorkerPool, opts: MediaServiceOptions) {
    super();
    this.pool = pool;
    this.#rtc = opts.rtc;
    this.#logger = opts.logger;
    this.tuning = { ...DEFAULT_TUNING, ...opts.tuning };
    pool.on('died', (index) => void this.#onWorkerDied(index));
    pool.on('replaced', (index) => this.emit('workerReplaced', index));
    this.#timer = setInterval(() => void this.#sampleHealth(), this.tuning.healthIntervalMs);
    this.#timer.unref();
  }

  static async start(opts: MediaServiceOptions): Promise<MediaService> {
    const pool = await WorkerPool.start({ rtc: opts.rtc, logger: opts.logger.child({ part: 'media' }), ...opts.workerLog });
    return new MediaService(pool, opts);
  }

  #conference(conferenceId: string): ConferenceMedia {
    let conf = this.#conferences.get(conferenceId);
    if (!conf) {
      conf = new ConferenceMedia({
        conferenceId,
        pool: this.pool,
        rtc: this.#rtc,
        tuning: this.tuning,
        logger: this.#logger,
        observe: (o) => this.emit('observation', conferenceId, o),
        feedsChanged: () => this.emit('feeds', conferenceId),
        peers: this.#peers,
      });
      this.#conferences.set(conferenceId, conf);
      this.#health.set(conferenceId, new LinkHealth(this.tuning.noMediaLostAfterMs, (o) => this.emit('observation', conferenceId, o)));
    }
    return conf;
  }

  #session(sessionId: string): { session: MediaSession; conf: ConferenceMedia } {
    const session = this.#sessions.get(sessionId);
    const conf = session && this.#conferences.get(session.info.conferenceId);
    if (!session || !conf) throw mediaError('NOT_IN_CONFERENCE');
    return { session, conf };
  }

  /** Runs an operation and turns any failure into a MediaError (the only thing callers catch). */
  async #run<T>(sessionId: string, op: (s: MediaSession, c: ConferenceMedia) => Promise<T> | T): Promise<T> {
    const { session, conf } = this.#session(sessionId);
    try {
      return await op(session, conf);
    } catch (err) {
      throw asMediaError(err);
    }
  }

  // --- the interface ---

  join(info: SessionInfo): void {
    if (this.#sessions.has(info.sessionId)) this.leave(info.sessionId);
    const session = new MediaSession(info);
    this.#sessions.set(info.sessionId, session);
    this.#conference(info.conferenceId).addSession(session);
  }

  leave(sessionId: string): void {
    const session = this.#sessions.get(sessionId);
    if (!session) return;
    this.#sessions.delete(sessionId);
    this.#conferences.get(session.info.conferenceId)?.removeSession(sessionId);
  }

  /** The meeting's layout, floor and microphones changed: re-apply the plan for every receiver. */
  setPolicy(conferenceId: string, policy: ConferencePolicy): void {
    this.#conference(conferenceId).setPolicy(policy);
  }

  policy(conferenceId: string): ConferencePolicy | undefined {
    return this.#conferences.get(conferenceId)?.policy;
  }

  rtpCapabilities(sessionId: string) {
    return this.#run(sessionId, (_s, c) => c.rtpCapabilities());
  }

  createTransport(sessionId: string, direction: TransportDirection, plain?: PlainOptions): Promise<TransportParams> {
    return this.#run(sessionId, (s, c) => c.createTransport(s, direction, plain));
  }

  connectTransport(sessionId: string, transportId: string, params: ConnectParams): Promise<void> {
    return this.#run(sessionId, (s, c) => c.connect(s, transportId, params));
  }

  restartIce(sessionId: string, transportId: string): Promise<types.IceParameters> {
    return this.#run(sessionId, (s, c) => c.restartIce(s, transportId));
  }

  produce(sessionId: string, req: MediaRequest<'media:produce'>): Promise<{ producerId: string }> {
    return this.#run(sessionId, (s, c) => c.produce(s, req));
  }

  closeProducer(sessionId: string, producerId: string): Promise<void> {
    return this.#run(sessionId, (s, c) => c.closeProducer(s, producerId));
  }

  /** The receiver is ready: its device's RTP capabilities; consumers then arrive as `newConsumer` pushes. */
  consume(sessionId: string, rtpCapabilities: unknown): Promise<void> {
    return this.#run(sessionId, (s, c) => c.consume(s, rtpCapabilities));
  }

  resumeConsumer(sessionId: string, consumerId: string): Promise<void> {
    return this.#run(sessionId, (s, c) => c.resumeConsumer(s, consumerId));
  }

  setView(sessionId: string, view: Partial<View>): Promise<void> {
    return this.#run(sessionId, (s, c) => c.setView(s, { ...DEFAULT_VIEW, ...s.view, ...view }));
  }

  /** The organiser's private check of one point (null ends it); the caller checked the role. */
  privateCheck(sessionId: string, pointId: string | null): Promise<void> {
    return this.#run(sessionId, (s, c) => c.setPrivateCheck(s, pointId));
  }

  // --- cascading between nodes (server/cluster/mediaPipes.ts carries these) ---

  /** Cluster mode: the other nodes; set before any conference's media exists. */
  setPeers(peers: MediaPeers): void {
    this.#peers = peers;
  }

  /**
   * Cluster mode: the consoles get each sample with the other nodes' points merged in (the
   * `health` event still carries this node's own sample, which is what it shares and measures).
   */
  setHealthMerge(merge: (report: HealthReport) => HealthReport): void {
    this.#mergeHealth = merge;
  }

  /**
   * This node's producers of a conference, as announced to the other nodes, the router they live
   * on, and the points this node's organisers check privately (their nodes open those microphones).
   */
  async localFeeds(conferenceId: string): Promise<{ router: string | null; feeds: FeedWire[]; checks: string[] }> {
    const conf = this.#conferences.get(conferenceId);
    const router = (await conf?.currentRouter())?.id ?? null;
    const feeds = router === null ? [] : (conf?.producers() ?? []).map((p) => ({ producerId: p.id, pointId: p.appData.pointId, source: p.appData.source, kind: p.kind, paused: p.paused }));
    return { router, feeds, checks: conf?.checks.here(conf.sessions) ?? [] };
  }

  /** Another node's request about this conference's media (already authenticated and validated). */
  async pipeRequest<R extends PipeRequest>(req: R): Promise<PipeReply<R['op']>> {
    const conf = this.#conference(req.conferenceId);
    const { remote, ends } = conf;
    if (!remote || !ends) throw new PipeError('MEDIA_UNAVAILABLE', 'this node is not in a cluster');
    const none = {} as PipeReply<R['op']>;
    switch (req.op) {
      case 'feeds':
        remote.update(req.from, req.router, req.feeds, req.checks);
        return none;
      case 'pipe': {
        const router = await conf.currentRouter();
        if (!router) throw new PipeError('PRODUCER_NOT_FOUND', 'no producer of this conference on this node');
        return (await ends.open(req.from, router, req)) as PipeReply<R['op']>;
      }
      case 'consume': {
        const producer = await conf.forPipe(req.producerId);
        return (await ends.consume(req.from, req.pipeId, producer, producer !== undefined && conf.checks.heldFrom(req.from, producer, conf.sessions, conf.policy))) as PipeReply<R['op']>;
      }
      case 'release':
        ends.release(req.from, req.pipeId, req.producerId);
        return none;
      case 'unpipe':
        ends.close(req.from, req.pipeId);
        return none;
    }
    throw new PipeError('INVALID_REQUEST');
  }

  /**
   * What cascading holds for a conference now (tests, diagnostics): feeds other nodes announced,
   * those piped in, pipe consumers serving others, and the points other nodes' organisers check.
   */
  cascadeCounts(conferenceId: string): { remoteFeeds: number; broughtIn: number; pipedOut: number; remoteChecks: string[] } {
    const conf = this.#conferences.get(conferenceId);
    const remoteChecks = [...new Set([...(conf?.remote?.checks().values() ?? [])].flatMap((points) => [...points]))].sort();
    return { remoteFeeds: conf?.remote?.feeds().length ?? 0, broughtIn: conf?.remote?.broughtIds().length ?? 0, pipedOut: conf?.ends?.consumers ?? 0, remoteChecks };
  }

  /** Nodes that left the registry (died): their feeds, the pipes in from them and the pipes out to them go. */
  forgetNodes(gone: (nodeUrl: string) => boolean): void {
    for (const conf of this.#conferences.values()) {
      const nodes = new Set([...(conf.remote?.forgetWhere(gone) ?? []), ...(conf.ends?.forgetWhere(gone) ?? [])]);
      if (nodes.size > 0) this.#logger.info({ conference: conf.id, nodes: [...nodes] }, 'media of nodes that left the cluster closed (feeds, pipes)');
    }
  }

  // --- recording (server/recording reads media only through these) ---

  /**
   * Each sending point's camera and microphone now, on this node or (cluster mode) announced by
   * another: the writer records every point. One per point and source, the newest, as receivers
   * get them (a point that moved nodes). The central point's panel and screen are not recorded yet.
   */
  pointFeeds(conferenceId: string): PointFeed[] {
    const conf = this.#conferences.get(conferenceId);
    const byPoint = new Map<string, PointFeed>();
    for (const p of currentFeeds([...(conf?.producers() ?? []), ...(conf?.remote?.feeds() ?? [])])) {
      const { pointId, source } = p.appData;
      if (source !== 'camera' && source !== 'microphone') continue;
      const feed = byPoint.get(pointId) ?? { pointId, camera: null, microphone: null };
      feed[source] = p.id;
      byPoint.set(pointId, feed);
    }
    return [...byPoint.values()];
  }

  /** Sends one producer's RTP, as it arrives, to `dest` (a local recorder): see media-tap.ts. */
  async openTap(conferenceId: string, producerId: string, dest: { ip: string; port: number }): Promise<MediaTap> {
    const conf = this.#conferences.get(conferenceId);
    if (!conf) throw mediaError('PRODUCER_NOT_FOUND');
    try {
      return await conf.openTap(producerId, dest);
    } catch (err) {
      throw asMediaError(err);
    }
  }

  /** Resolves once every change so far has reached mediasoup (tests and shutdown wait on it). */
  async settled(conferenceId: string): Promise<void> {
    const conf = this.#conferences.get(conferenceId);
    for (let i = 0; i < 5 && conf; i++) await conf.settled();
  }

  /** Read-only view of a session's media for tests and diagnostics. */
  inspect(sessionId: string): MediaSession | undefined {
    return this.#sessions.get(sessionId);
  }

  /** Read-only view of a conference's sessions for tests and diagnostics. */
  sessionsOf(conferenceId: string): MediaSession[] {
    return [...(this.#conferences.get(conferenceId)?.sessions.values() ?? [])];
  }

  /** What the SFU holds now, counted from the sessions' maps (no request to a worker): for /metrics. */
  counts(): MediaCounts {
    const counts: MediaCounts = {
      conferences: 0,
      sessions: this.#sessions.size,
      transports: { send: 0, recv: 0 },
      producers: { audio: 0, video: 0 },
      consumers: { audio: { forwarding: 0, paused: 0 }, video: { forwarding: 0, paused: 0 } },
    };
    for (const conf of this.#conferences.values()) if (conf.sessions.size > 0) counts.conferences++;
    for (const s of this.#sessions.values()) {
      if (s.send && !s.send.closed) counts.transports.send++;
      if (s.recv && !s.recv.closed) counts.transports.recv++;
      for (const p of s.producers.values()) if (!p.closed) counts.producers[p.kind]++;
      for (const c of s.consumers.values()) if (!c.closed) counts.consumers[c.kind][c.paused || c.producerPaused ? 'paused' : 'forwarding']++;
    }
    return counts;
  }

  conferenceIds(): string[] {
    return [...this.#conferences.keys()];
  }

  /**
   * Takes a health sample of one conference now, every point read in full. The periodic tick
   * (`adaptive`) backs off steady points' detailed reads (link-health.ts, docs/MEDIA.md).
   */
  async health(conferenceId: string, adaptive = false): Promise<HealthReport> {
    const conf = this.#conferences.get(conferenceId);
    const health = this.#health.get(conferenceId);
    if (!conf || !health) return { conferenceId, at: Date.now(), points: [] };
    return health.sample(conferenceId, conf.sessions.values(), (p) => isAudible(conf.policy, p), Date.now(), adaptive);
  }

  /** What link-health sampling of one conference has cost its workers (requests), for tests and diagnostics. */
  healthSampling(conferenceId: string): SamplingStats | undefined {
    return this.#health.get(conferenceId)?.sampling;
  }

  async #sampleHealth(): Promise<void> {
    if (this.#sampling) return;
    this.#sampling = true;
    try {
      for (const [conferenceId, conf] of this.#conferences) {
        const report = await this.health(conferenceId, true);
        if (conf.sessions.size === 0 && report.points.every((p) => !p.connected)) continue;
        this.emit('health', report);
        const shown = this.#mergeHealth?.(report) ?? report;
        for (const s of conf.sessions.values()) if (HEALTH_VIEWERS.has(s.info.role)) s.info.push({ type: 'health', report: shown });
      }
    } catch (err) {
      this.#logger.warn({ err: (err as Error).message }, 'link health sample failed');
    } finally {
      this.#sampling = false;
    }
  }

  async #onWorkerDied(index: number): Promise<void> {
    const hit: string[] = [];
    for (const [id, conf] of this.#conferences) {
      if (await conf.usesWorker(index)) {
        conf.reset('worker-died');
        hit.push(id);
      }
    }
    this.emit('workerDied', index, hit);
  }

  close(): void {
    clearInterval(this.#timer);
    for (const conf of this.#conferences.values()) conf.close();
    this.#conferences.clear();
    this.#sessions.clear();
    this.pool.close();
  }
}
