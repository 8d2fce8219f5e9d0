import express, { type Router } from 'express';
import type { types } from 'mediasoup';
import type { MediaService } from '../media/media-service.js';
import type { LinkRegistry } from '../auth/linkRegistry.js';
import type { ConnectionRegistry, EndReason } from '../gateway/connections.js';
import type { PresenceTracker } from '../gateway/presence.js';
import type { Command, MeetingEvent } from '../../shared/protocol/index.js';
import type { Ack } from '../../shared/protocol/socket.js';
import type { Caller, CommandService } from '../commands/commandService.js';
import type { Logger } from '../log/logger.js';
import type { MeetingRoom, MeetingRooms } from '../rooms/meetingCore.js';
import type { PgEventStore } from '../store/pgEventStore.js';
import type { NodeLoad } from '../store/pgNodes.js';
import type { GatewayServer } from '../gateway/session.js';
import type { RecordingService } from '../recording/recording-service.js';
import { NodeDirectory, tellClientsTheNodes } from './directory.js';
import { createForwarder } from './forwarding.js';
import { forwardRoute } from './forwardRoute.js';
import { HAND_OVER_AT_STOP_MS, RecordGatherer } from './gatherRecord.js';
import { clearIncoming, recordPartsRoute } from './recordParts.js';
import { nodeKey } from './nodeSigning.js';
import { ConferenceOwnership, LEASE_TTL_MS, TICK_MS } from './ownership.js';
import { MediaPipes } from './mediaPipes.js';
import type { DevicesElsewhere } from '../gateway/gateway.js';
import type { PointDevicesPolicy } from '../gateway/pointDevices.js';
import { DevicesAcrossNodes } from './devicesAcrossNodes.js';
import { HeartbeatGrace } from './heartbeatGrace.js';
import { HealthAcrossNodes } from './healthAcrossNodes.js';
import { DEVICE_FRESH_MS, heldElsewhere, PresenceAcrossNodes } from './presenceAcrossNodes.js';
import { attachRedisBus, type RedisBus } from './redisBus.js';
import { RevocationAcrossNodes } from './revocationAcrossNodes.js';

// Cluster mode put together (HOINGHI_DATABASE_URL set): the ownership of conferences (leases),
// forwarding of commands to their owner, the internal route that receives them, and Redis when
// HOINGHI_REDIS_URL is set. app.ts creates it before the command service (which forwards through
// it) and starts it once the gateway exists and the server listens (its URL is then known).

export interface ClusterOptions {
  readonly store: PgEventStore<MeetingEvent>;
  readonly rooms: MeetingRooms;
  readonly logger: Logger;
  /** the server's secret (from the database's meta, so every node has the same) */
  readonly secret: Buffer;
  readonly redisUrl: string | undefined;
  /** the command service, once made (it is made with this cluster's forward and claimNew) */
  readonly commands: () => CommandService;
  /** each batch of commands forwarded to another node, by its size (metrics) */
  readonly onForwardedBatch?: (commands: number) => void;
}

export interface ClusterAttach {
  readonly io: GatewayServer;
  /** where other nodes reach this one */
  readonly nodeUrl: string;
  /** where browsers reach this one (told to clients of every node, for failover and placement) */
  readonly publicUrl: string;
  /** HOINGHI_NODE_REGION; null: any region */
  readonly region: string | null;
  readonly load: () => NodeLoad;
  /** this node's sessions, and how the gateway ends one (a link revoked through another node) */
  readonly connections: ConnectionRegistry;
  readonly endSession: (socketId: string, reason: Exclude<EndReason, 'disconnected'>) => void;
  readonly links: LinkRegistry;
  readonly presence: Pick<PresenceTracker, 'expectBack'>;
  /** one live device per point: the gateway's policy, which replaces and promotes this node's devices */
  readonly devices: Pick<PointDevicesPolicy, 'promote' | 'replaceLive'>;
  /** this node's SFU and where its pipes to other nodes listen (cascaded media); absent without media */
  readonly media?: { service: MediaService; pipeListen: types.TransportListenInfo } | undefined;
  /** this node's recorder: parts of runs it recorded as writer go to the writer of the day; absent without media */
  readonly recording?: RecordingService | undefined;
}

export class Cluster {
  readonly internalRoutes: Router;
  /** cascaded media: the other nodes as this node's SFU sees them (MediaService.setPeers) */
  readonly mediaPipes: MediaPipes;
  /** the live nodes, from the registry at every tick */
  readonly directory: NodeDirectory;
  readonly #options: ClusterOptions;
  readonly #forward: (conferenceId: string, command: Command, caller: Caller) => Promise<Ack>;
  readonly #key: Buffer;
  #recording: RecordingService | undefined;
  #gatherer: RecordGatherer | undefined;
  #nodeUrl = '';
  #self: Pick<ClusterAttach, 'nodeUrl' | 'publicUrl' | 'region' | 'load'> | undefined;
  #ownership: ConferenceOwnership | undefined;
  #bus: RedisBus | undefined;
  /** how old another node's heartbeat may be to count: longer just after an outage of the database (heartbeatGrace.ts) */
  readonly #grace = new HeartbeatGrace(DEVICE_FRESH_MS, TICK_MS);
  #sessions: { presence: PresenceAcrossNodes; devices: DevicesAcrossNodes; revocation: RevocationAcrossNodes; timer?: NodeJS.Timeout; ticking?: Promise<void> } | undefined;

  constructor(options: ClusterOptions) {
    this.#options = options;
    this.directory = new NodeDirectory((freshMs) => options.store.nodes.list(freshMs));
    const key = nodeKey(options.secret);
    this.#key = key;
    const logger = options.logger.child({ part: 'cluster' });
    this.mediaPipes = new MediaPipes({ key, nodes: options.store.nodes, logger: options.logger.child({ part: 'media-pipes' }) });
    this.internalRoutes = express.Router();
    this.internalRoutes.use(forwardRoute({ key, logger, submitHere: (id, command, caller) => options.commands().submitHere(id, command, caller) }));
    this.internalRoutes.use(this.mediaPipes.route);
    // Parts of recordings other nodes made while they wrote a conference this node writes now.
    this.internalRoutes.use(recordPartsRoute({ key, rooms: options.rooms, recording: () => this.#recording, logger: options.logger.child({ part: 'gather' }) }));
    this.#forward = createForwarder({
      key,
      logger,
      ownerUrl: (id) => options.store.nodes.ownerUrl(id),
      selfUrl: () => this.#nodeUrl,
      // Not submitHere: the command was admitted already (permitted, limited, in its caller's order).
      runHere: (id, command, caller) => options.commands().submitToRoomHere(id, command, caller),
      ...(options.onForwardedBatch ? { onBatch: options.onForwardedBatch } : {}),
    });
  }

  readonly forward = (conferenceId: string, command: Command, caller: Caller): Promise<Ack> => this.#forward(conferenceId, command, caller);

  /** Where the node that writes a conference is reached (its record lies on its disk); null while nobody does. */
  readonly writerUrl = (conferenceId: string): Promise<string | null> => this.#options.store.nodes.ownerUrl(conferenceId);

  /** Where other nodes reach this one ('' until it listens). */
  get nodeUrl(): string {
    return this.#nodeUrl;
  }

  readonly claimNew = async (conferenceId: string): Promise<boolean> => {
    if (!this.#ownership) return false;
    return this.#ownership.claimNew(conferenceId);
  };

  /** Whether another live node holds a device of a point (the gateway's presence asks before recording a departure). */
  readonly presenceElsewhere = (conferenceId: string, pointId: string): Promise<boolean> => heldElsewhere(this.#options.store.devices)(conferenceId, pointId);

  /** A point's devices on the other live nodes, for the gateway (one live device per point across nodes). */
  readonly devicesElsewhere: DevicesElsewhere = {
    // Another node's heartbeat may be older just after an outage of the database (heartbeatGrace.ts):
    // a standby link joining then must not be made live past a live device whose node has not written its heartbeat yet.
    admit: async (conferenceId, pointId, decide) => {
      const { liveElsewhere, waitingElsewhere, decision } = await this.#options.store.devices.claim(conferenceId, pointId, this.#grace.freshMs, decide);
      if (decision?.waiting !== undefined && decision.waitedAs !== undefined) this.#sessions?.presence.keeping(decision.waiting);
      return { liveElsewhere, waitingElsewhere };
    },
    count: (conferenceId, pointId) => this.#options.store.devices.elsewhere(conferenceId, pointId, this.#grace.freshMs),
    // Before attach (no sessions yet) nothing is promoted here; the first tick after it settles the point.
    liveLeft: (conferenceId, pointId) =>
      void this.#sessions?.devices.liveLeft(conferenceId, pointId).catch((error: unknown) => this.#options.logger.warn({ conferenceId, pointId, err: error }, 'the oldest standby could not be promoted across nodes; next tick')),
  };

  /** undefined without Redis; else whether it answers now */
  get redisReady(): (() => Promise<boolean>) | undefined {
    return this.#options.redisUrl === undefined ? undefined : async () => (await this.#bus?.answers()) ?? false;
  }

  get nodeId(): string {
    return this.#options.store.leases.nodeId;
  }

  /**
   * Takes the conferences nobody holds and starts the ticks, before the server listens: the
   * server's own commands at start (the seed, moved observer access) need a writer.
   */
  async takeLeases(): Promise<void> {
    const { store, rooms, logger } = this.#options;
    const announced = () => {
      const self = this.#self;
      return self ? { url: self.nodeUrl, publicUrl: self.publicUrl, region: self.region, load: self.load() } : undefined;
    };
    const heartbeat = (written: boolean) => (written ? this.#grace.answered() : this.#grace.failed());
    this.#ownership = new ConferenceOwnership({ store, rooms, logger: logger.child({ part: 'cluster' }), announced, heartbeat });
    await this.#ownership.start();
  }

  /** Once listening: this node's address in the registry (commands may be forwarded to it), and Redis. */
  async attach(start: ClusterAttach): Promise<void> {
    const { rooms, logger } = this.#options;
    this.#nodeUrl = start.nodeUrl;
    this.#self = { nodeUrl: start.nodeUrl, publicUrl: start.publicUrl, region: start.region, load: start.load };
    await this.#ownership?.announce();
    if (start.media) this.mediaPipes.start(start.media.service, start.media.pipeListen, start.nodeUrl);
    if (start.recording) await this.#gather(start.recording);
    await this.directory.refresh().catch((error: unknown) => logger.warn({ err: error }, 'the node registry could not be read; next tick'));
    tellClientsTheNodes(start.io, this.directory, rooms);
    const sessionLogger = logger.child({ part: 'cluster' });
    const presence = new PresenceAcrossNodes({
      devices: this.#options.store.devices,
      connections: start.connections,
      rooms,
      presence: start.presence,
      logger: sessionLogger,
      written: (conferenceId, pointId) => this.#bus?.announcePointDevices(conferenceId, pointId),
    });
    const devices = new DevicesAcrossNodes({
      devices: this.#options.store.devices,
      connections: start.connections,
      policy: start.devices,
      rewrite: (conferenceId, pointId) => void presence.write(conferenceId, pointId),
      withPoint: (conferenceId, pointId, work) => presence.withPoint(conferenceId, pointId, work),
      freshMs: () => this.#grace.freshMs,
      logger: sessionLogger,
    });
    const revocation = new RevocationAcrossNodes({ links: start.links, connections: start.connections, endSession: start.endSession, logger: sessionLogger });
    this.#sessions = { presence, devices, revocation };
    this.#sweepSessions();
    const health = new HealthAcrossNodes(this.nodeId);
    const liveHere = (conferenceId: string) => (pointId: string) => start.connections.ofPoint(conferenceId, pointId).some((c) => !c.standby && !c.ended);
    if (start.media) {
      const service = start.media.service;
      service.setHealthMerge((report) => health.merged(report, liveHere(report.conferenceId)));
      service.on('health', (report) => this.#bus?.shareHealth(health.share(report, liveHere(report.conferenceId))));
    }
    if (this.#options.redisUrl !== undefined) {
      this.#bus = await attachRedisBus(start.io, this.#options.redisUrl, logger.child({ part: 'redis' }), {
        appended: (conferenceId, seq) => {
          const room = rooms.get(conferenceId);
          if (room && !room.writable && seq > room.seq) void room.followLog().catch((error: unknown) => logger.warn({ conferenceId, err: error }, 'following the log after a wake-up failed'));
          // a conference this node has not loaded yet (just created on another node): load it now
          if (!room) void rooms.loadIfLogged(conferenceId).catch((error: unknown) => logger.warn({ conferenceId, err: error }, 'loading a conference after a wake-up failed'));
        },
        linkRevoked: (conferenceId, linkId) => void revocation.revokedElsewhere(conferenceId, linkId).catch((error: unknown) => logger.warn({ conferenceId, linkId, err: error }, 'a link revoked on another node could not be checked; next tick')),
        linkHealth: (share) => health.received(share),
        pointDevices: (conferenceId, pointId) => void devices.changedElsewhere(conferenceId, pointId).catch((error: unknown) => logger.warn({ conferenceId, pointId, err: error }, 'a point’s devices on another node could not be checked; next tick')),
      });
      const announce = (room: MeetingRoom) => room.on('appended', (events) => {
        if (room.writable) this.#bus?.announceAppend(room.conferenceId, events[events.length - 1]!.seq);
      });
      for (const room of rooms.list()) announce(room);
      rooms.on('room', announce);
      start.links.on('revoked', (link) => this.#bus?.announceRevoked(link.conferenceId, link.id));
    }
    logger.info({ nodeId: this.nodeId, nodeUrl: start.nodeUrl, redis: this.#options.redisUrl !== undefined }, 'cluster node started');
  }

  /** Takes other nodes' parts of the runs of conferences this node writes, and hands its own to their writers. */
  async #gather(recording: RecordingService): Promise<void> {
    await clearIncoming(recording.storage.limits.root);
    this.#recording = recording;
    this.#gatherer = new RecordGatherer({
      key: this.#key,
      rooms: this.#options.rooms,
      recording,
      writerUrl: this.writerUrl,
      selfUrl: () => this.#nodeUrl,
      logger: this.#options.logger.child({ part: 'gather' }),
    });
    this.#gatherer.start();
  }

  /** Every tick: presence of points whose node died, sessions of links revoked elsewhere, one live device per point (wake-ups lost). */
  #sweepSessions(): void {
    const sessions = this.#sessions;
    if (!sessions) return;
    sessions.timer = setTimeout(() => {
      sessions.ticking = Promise.all([
        sessions.presence.sweep().catch((error: unknown) => this.#options.logger.warn({ err: error }, 'presence across nodes not swept; next tick')),
        sessions.revocation.sweep().catch((error: unknown) => this.#options.logger.warn({ err: error }, 'revoked links not swept; next tick')),
        sessions.devices.sweep().catch((error: unknown) => this.#options.logger.warn({ err: error }, 'one live device per point not settled across nodes; next tick')),
        this.directory.refresh().catch((error: unknown) => this.#options.logger.warn({ err: error }, 'the node registry could not be read; next tick')),
      ]).then(() => this.#sweepSessions());
    }, TICK_MS);
    sessions.timer.unref();
  }

  /**
   * Gives up this node's leases (others take over at once), hands the new writers this node's
   * parts of the record (gatherRecord.ts), and leaves the registry and Redis.
   */
  async close(): Promise<void> {
    await this.#gatherer?.close();
    const sessions = this.#sessions;
    this.#sessions = undefined;
    if (sessions) {
      clearTimeout(sessions.timer);
      await sessions.ticking;
      await sessions.presence.close().catch((error: unknown) => this.#options.logger.warn({ err: error }, 'this node’s devices not withdrawn'));
    }
    await this.mediaPipes.close();
    await this.#ownership?.close();
    if (this.#gatherer) {
      // This node has left the registry (ownership.close): any node still in it may take the leases.
      const othersLive = async () => (await this.#options.store.nodes.list(LEASE_TTL_MS)).some((n) => n.live);
      const report = await this.#gatherer.handOverAtStop(HAND_OVER_AT_STOP_MS, othersLive).catch((error: unknown) => {
        this.#options.logger.warn({ err: error }, 'recording parts not handed over at the stop; they go at the next start');
        return null;
      });
      if (report && report.files + report.left > 0) this.#options.logger.info(report, report.left === 0 ? 'recording parts handed to the writers at the stop' : 'recording parts handed over at the stop in part; the rest go at the next start');
    }
    await this.#bus?.close();
  }
}
