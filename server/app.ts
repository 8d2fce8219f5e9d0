import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventSchema, type MeetingEvent } from '../shared/protocol/index.js';
import { Authenticator } from './auth/authenticate.js';
import { FailedJoinLimiter, type FailedJoinLimiterOptions } from './auth/failedJoinLimiter.js';
import { LinkRegistry } from './auth/linkRegistry.js';
import { loadServerSecret } from './auth/serverSecret.js';
import type { Config } from './config/config.js';
import { findRepoRoot } from './config/repoRoot.js';
import { CommandService } from './commands/commandService.js';
import { moveObserverAccessIntoLog } from './commands/legacyObserverAccess.js';
import { ConnectionRegistry } from './gateway/connections.js';
import { createGateway, type Gateway } from './gateway/gateway.js';
import { trustProxy } from './http/clientAddress.js';
import { mediaCheck, storeCheck } from './health/checks.js';
import { Readiness } from './health/readiness.js';
import { createHttpApp } from './http/httpApp.js';
import { watchLive } from './metrics/liveMetrics.js';
import { watchMedia } from './metrics/mediaMetrics.js';
import { pipeListenInfo } from './media/media-addresses.js';
import { Metrics } from './metrics/nodeMetrics.js';
import type { Logger } from './log/logger.js';
import { meetingCore, type MeetingRooms } from './rooms/meetingCore.js';
import { RoomRegistry, type LoadReport } from './rooms/roomRegistry.js';
import { announceLinks, type Announced } from './seed/announce.js';
import type { EventStore } from './store/EventStore.js';
import { PgEventStore } from './store/pgEventStore.js';
import { SqliteEventStore } from './store/sqliteEventStore.js';
import { startMedia, type MediaPort } from './mediaWiring.js';
import { LiveStreamService } from './live/live-stream-service.js';
import { WatchLinks } from './live/watch-links.js';
import { RecordingService } from './recording/recording-service.js';
import { RecordingStorage } from './recording/storage.js';
import { Cluster } from './cluster/cluster.js';
import { atTheWriter } from './cluster/atTheWriter.js';
import { StillFiles } from './stills/still-files.js';
import { StillService } from './stills/still-service.js';

// The composition root: config → logger → store → rooms (replayed) → media → express and
// socket.io on one HTTP(S) server. main.ts only calls startServer and handles signals; tests call
// it with port 0 and a temp data dir.

export interface StartOptions {
  /** failed joins allowed per IP before it must wait (tests lower or raise it) */
  readonly failedJoins?: FailedJoinLimiterOptions;
  /** how long a point may be gone before it is recorded offline */
  readonly presenceGraceMs?: number;
  /** start the SFU (default true); tests of the signalling side may run without it */
  readonly media?: boolean;
  /** where the built client lives (default dist/client beside the repository root) */
  readonly clientDir?: string;
  /** write the link table to stdout (default true) */
  readonly printLinks?: boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly store: EventStore<MeetingEvent>;
  readonly rooms: MeetingRooms;
  /** where every command enters a conference (sockets, HTTP, the server's own) */
  readonly commands: CommandService;
  readonly links: LinkRegistry;
  readonly connections: ConnectionRegistry;
  readonly gateway: Gateway;
  readonly media: MediaPort | undefined;
  readonly recording: RecordingService | undefined;
  readonly live: LiveStreamService | undefined;
  /** the live stream's watch links (read-only addresses for players without headers) */
  readonly watchLinks: WatchLinks;
  /** stills on request and at each speech's start, when the server runs with media */
  readonly stills: StillService | undefined;
  /** /readyz's checks: cluster parts (Redis, leases) register theirs here */
  readonly readiness: Readiness;
  /** the server-admin join token (creates conferences, admin of all) */
  readonly serverAdminToken: string;
  /** what the replay at start did, per conference (ids, seqs, events replayed, ms) */
  readonly loadReport: LoadReport;
  /** the demo conference's id, when it was seeded */
  readonly demoConferenceId: string | null;
  joinUrl(token: string): string;
  close(): Promise<void>;
}

const REPO_ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

export function publicBaseUrl(config: Config, port: number): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `${config.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** PostgreSQL when HOINGHI_DATABASE_URL is set (cluster mode), else the embedded SQLite file. */
async function openEventStore(config: Config, logger: Logger): Promise<EventStore<MeetingEvent>> {
  if (!config.databaseUrl) {
    const sqlite = new SqliteEventStore<MeetingEvent>({ eventSchema: EventSchema, dataDir: config.dataDir });
    // The data dir holds the log and the HMAC secret that signs join links (in the store's meta):
    // its owner alone may enter it (issue 14, finding 8), files inside 0600.
    chmodSync(config.dataDir, 0o700);
    for (const f of readdirSync(config.dataDir)) if (statSync(path.join(config.dataDir, f)).isFile()) chmodSync(path.join(config.dataDir, f), 0o600);
    return sqlite;
  }
  const store = await PgEventStore.connect<MeetingEvent>({
    eventSchema: EventSchema,
    connectionString: config.databaseUrl,
    onConnectionError: (error) => logger.warn({ err: error }, 'a PostgreSQL connection broke; the pool opens a new one when needed'),
  });
  const { host, port, pathname } = new URL(config.databaseUrl);
  logger.info({ store: 'postgresql', host, port, database: pathname.slice(1) }, 'event log on PostgreSQL');
  return store;
}

/**
 * What closes the server, first in the list first: each part is closed before what it stands on
 * (the gateway before the taps, the taps before the SFU, the SFU and the cluster before the store).
 */
type Cleanups = (() => Promise<void> | void)[];

/** What every step of the start needs: the settings, the log and where it leaves its cleanups. */
interface Wiring {
  readonly config: Config;
  readonly logger: Logger;
  readonly options: StartOptions;
  readonly cleanups: Cleanups;
}

export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const store = await openEventStore(config, logger);
  const w: Wiring = { config, logger, options, cleanups: [() => store.close()] };
  try {
    const record = await openRecord(w, store);
    const meeting = { ...record, ...(await startCommands(w, record)) };
    await moveObserverAccessIntoLog({ rooms: record.rooms, commands: meeting.commands, meta: store.meta, logger });
    const connections = countConnections(meeting);
    const authenticator = createAuthenticator(record.secret, record.links, record.rooms, record.metrics, options);
    const parts: Parts = { ...meeting, connections, authenticator, ...(await startMediaSide(w, record, meeting.commands)) };
    // Cascaded media: the SFU reaches the other nodes before any conference's media exists.
    if (parts.cluster) parts.media?.service.setPeers(parts.cluster.mediaPipes);
    const address = new PublicAddress();
    const server = createHttpServer(config, buildHttpApp(w, parts, address));
    const gateway = openGateway(w, parts, server, address);
    const port = await listen(server, config);
    address.baseUrl = publicBaseUrl(config, port);
    const announced = await joinClusterAndAnnounce(w, parts, gateway, address);
    logger.info({ url: address.baseUrl, port }, 'hoinghi listening');
    return runningServer(w, parts, { gateway, port, address, announced });
  } catch (error) {
    for (const cleanup of w.cleanups) await Promise.resolve(cleanup()).catch(() => undefined);
    throw error;
  }
}

/** The event log and what is read from it before anyone connects: the links it signs, every conference. */
interface RecordParts {
  readonly store: EventStore<MeetingEvent>;
  readonly metrics: Metrics;
  readonly readiness: Readiness;
  readonly secret: Buffer;
  readonly links: LinkRegistry;
  readonly watchLinks: WatchLinks;
  readonly rooms: MeetingRooms;
  readonly report: LoadReport;
  /** the PostgreSQL log of cluster mode (absent on SQLite: one node) */
  readonly pg: PgEventStore<MeetingEvent> | undefined;
}

/** Everything the edges (HTTP, sockets, media) are given. */
interface Parts extends RecordParts, MediaSide {
  readonly cluster: Cluster | undefined;
  readonly commands: CommandService;
  readonly connections: ConnectionRegistry;
  readonly authenticator: Authenticator;
}

async function openRecord(w: Wiring, store: EventStore<MeetingEvent>): Promise<RecordParts> {
  const metrics = new Metrics({ store: w.config.databaseUrl ? 'postgresql' : 'sqlite' });
  const readiness = new Readiness();
  readiness.register('store', storeCheck(store));
  const { secret, links, watchLinks } = await openLinks(w.config, store);
  // Cluster mode: every node holds every conference as a follower of the log; the lease decides which writes.
  const pg = store instanceof PgEventStore ? store : undefined;
  const { rooms, report } = await replayConferences(store, w.logger, metrics, pg !== undefined);
  return { store, metrics, readiness, secret, links, watchLinks, rooms, report, pg };
}

/** The one command service; in cluster mode the cluster too, which takes its leases before anyone connects. */
async function startCommands(w: Wiring, record: RecordParts): Promise<{ cluster: Cluster | undefined; commands: CommandService }> {
  const { pg, rooms, metrics, readiness } = record;
  // The cluster forwards into the command service that forwards through it: bound lazily.
  const cluster: Cluster | undefined = pg ? new Cluster({ store: pg, rooms, logger: w.logger, secret: record.secret, redisUrl: w.config.redisUrl, commands: (): CommandService => commands, onForwardedBatch: (n) => metrics.recordForwardedBatch(n) }) : undefined;
  const commands: CommandService = new CommandService({
    rooms,
    logger: w.logger,
    onOutcome: (outcome) => metrics.recordCommand(outcome),
    ...(cluster ? { forward: cluster.forward, claimNew: cluster.claimNew } : {}),
  });
  if (cluster) {
    w.cleanups.unshift(() => cluster.close());
    await cluster.takeLeases();
    const redisReady = cluster.redisReady;
    if (redisReady) readiness.register('redis', async () => ((await redisReady()) ? { ok: true } : { ok: false, detail: 'Redis does not answer (reconnecting)' }));
  }
  return { cluster, commands };
}

/** The sockets connected to this node, counted for /metrics with the rooms they are in. */
function countConnections({ metrics, rooms }: RecordParts): ConnectionRegistry {
  const connections = new ConnectionRegistry();
  metrics.watchRooms({
    socketsByRole: () => connections.countByRole(),
    socketsByConference: () => connections.countByConference(),
    activeConferences: () => rooms.list().length,
    failedConferences: () => rooms.failedCount,
  });
  return connections;
}

/** The SFU and what taps it (each point's recording, the live program, stills); none of them when media is off. */
interface MediaSide {
  readonly media: MediaPort | undefined;
  readonly recording: RecordingService | undefined;
  readonly live: LiveStreamService | undefined;
  readonly stills: StillService | undefined;
  /** the stills' JPEGs, read for the minutes with or without media */
  readonly stillFiles: StillFiles;
}

async function startMediaSide(w: Wiring, { readiness, metrics }: RecordParts, commands: CommandService): Promise<MediaSide> {
  const stillFiles = new StillFiles(path.join(w.config.dataDir, 'stills'));
  if (w.options.media === false) return { media: undefined, recording: undefined, live: undefined, stills: undefined, stillFiles };
  const media = await startMedia(w.config, w.logger);
  w.cleanups.unshift(() => media.close());
  readiness.register('media', mediaCheck(media.service.pool));
  watchMedia(metrics, media.service);
  // The recorder taps the SFU, so it lives only beside it; closed before it, so each point's
  // ffmpeg closes its last segment while the taps still send.
  const recording = await startRecorder(w.config, media, w.logger);
  w.cleanups.unshift(() => recording.close());
  // The live program taps the SFU too; closed before it, so its ffmpeg ends the playlist.
  const live = new LiveStreamService({ media: media.service, ...w.config.live, logger: w.logger.child({ part: 'live' }) });
  w.cleanups.unshift(() => live.close());
  watchLive(metrics, live);
  // Stills are grabbed through a tap too; closed before the SFU, so a grab under way ends first.
  const stills = new StillService({ media: media.service, files: stillFiles, logger: w.logger.child({ part: 'stills' }), submit: (conferenceId, command, caller) => commands.submit(conferenceId, command, caller) });
  w.cleanups.unshift(() => stills.close());
  return { media, recording, live, stills, stillFiles };
}

/** The address join links and allowed origins are built on: known once the server listens (port 0 in tests). */
class PublicAddress {
  baseUrl = '';
  readonly joinUrl = (token: string): string => `${this.baseUrl}/join#t=${token}`;
  readonly watchUrl = (token: string): string => `${this.baseUrl}/live/${token}/index.m3u8`;
}

function buildHttpApp({ config, logger, options }: Wiring, parts: Parts, address: PublicAddress): http.RequestListener {
  const { rooms, commands, store, links, watchLinks, authenticator, metrics, readiness, recording, live, stills, stillFiles, cluster } = parts;
  return createHttpApp({
    config, logger, rooms, commands, store, links, watchLinks, authenticator, metrics, readiness, recording, live, stills, stillFiles,
    joinUrl: address.joinUrl,
    watchUrl: address.watchUrl,
    clientDir: options.clientDir ?? path.join(REPO_ROOT, 'dist', 'client'),
    internalRoutes: cluster?.internalRoutes,
    directory: cluster?.directory,
    // Cluster mode: the record lies on the disk of the node that writes the conference.
    atTheWriter: cluster ? atTheWriter({ writerUrl: cluster.writerUrl, selfUrl: () => cluster.nodeUrl, logger: logger.child({ part: 'cluster' }) }) : undefined,
  });
}

/**
 * Cluster mode's engine.io heartbeat. Pings every 2 s, so that a console hears its node often;
 * the console itself gives a node up after 6 s with no packet at all (client/net/silentNode.ts)
 * and moves to another, well inside 10 s. The node waits 10 s for a pong before it drops a
 * client: a console whose answers come late because this machine is saturated is not thrown out
 * (with 3 s + 3 s, thousands were, under bench:cluster's 10,000 clients).
 */
const CLUSTER_HEARTBEAT = { intervalMs: 2_000, timeoutMs: 10_000 };

/** socket.io on the HTTP server; then media, recording and the live program follow the rooms and send their system commands. */
function openGateway(w: Wiring, parts: Parts, server: http.Server, address: PublicAddress): Gateway {
  const { config, logger, options } = w;
  const { rooms, commands, store, authenticator, links, connections, media, recording, live, stills, cluster } = parts;
  const gateway = createGateway({
    httpServer: server, logger, rooms, commands, store, authenticator, links, connections,
    trustProxy: trustProxy(config.trustedProxies),
    // Cluster mode: a page of any live node may open its socket here (it moved from a dead node).
    allowedOrigins: () => [...allowedOrigins(config, address.baseUrl), ...(cluster?.directory.origins() ?? [])],
    ...(cluster ? { heartbeat: CLUSTER_HEARTBEAT } : {}),
    presenceGraceMs: options.presenceGraceMs ?? 5_000,
    presenceAfterLoad: cluster === undefined,
    ...(cluster ? { presenceElsewhere: cluster.presenceElsewhere, devicesElsewhere: cluster.devicesElsewhere } : {}),
    timeJoin: (step, seconds) => parts.metrics.recordJoinStep(step, seconds),
    ...(media ? { onSession: (socket, connection) => media.onSession(socket, connection, connections, logger, (request, seconds) => parts.metrics.recordJoinStep(request, seconds)) } : {}),
  });
  w.cleanups.unshift(() => gateway.close());
  if (media) media.attach({ rooms, commands, connections, logger });
  recording?.attach(rooms, (conferenceId, command) => commands.system(conferenceId, command));
  live?.attach(rooms, (conferenceId, command) => commands.system(conferenceId, command));
  stills?.attach(rooms);
  return gateway;
}

/** Once listening: this node joins the cluster (when there is one), then the links are printed. */
async function joinClusterAndAnnounce({ config, logger, options }: Wiring, parts: Parts, gateway: Gateway, address: PublicAddress): Promise<Announced> {
  const { cluster, media, connections, rooms, links, store } = parts;
  await cluster?.attach({
    io: gateway.io,
    nodeUrl: config.nodeUrl ?? address.baseUrl,
    publicUrl: address.baseUrl,
    region: config.nodeRegion,
    load: () => ({ workers: media ? config.rtc.workers : 0, sockets: [...connections.countByRole().values()].reduce((a, b) => a + b, 0), conferences: rooms.list().filter((r) => r.writable).length }),
    connections,
    endSession: gateway.endSession,
    links,
    presence: gateway.presence,
    devices: gateway.devices,
    media: media ? { service: media.service, pipeListen: pipeListenInfo(config.rtc) } : undefined,
    recording: parts.recording,
  });
  return announceLinks({ config, logger, rooms, links, meta: store.meta, joinUrl: address.joinUrl, print: options.printLinks ?? true });
}

function runningServer({ cleanups }: Wiring, parts: Parts, started: { gateway: Gateway; port: number; address: PublicAddress; announced: Announced }): RunningServer {
  const { store, rooms, commands, links, watchLinks, connections, media, recording, live, stills, readiness, report } = parts;
  const { gateway, port, address, announced } = started;
  let closing: Promise<void> | undefined;
  return {
    store, rooms, commands, links, watchLinks, connections, gateway, media, recording, live, stills, readiness, port,
    url: address.baseUrl,
    serverAdminToken: announced.serverAdminToken,
    loadReport: report,
    demoConferenceId: announced.demoConferenceId,
    joinUrl: address.joinUrl,
    close: () => {
      closing ??= (async () => {
        for (const cleanup of cleanups) await cleanup();
      })();
      return closing;
    },
  };
}

/** The server's secret (signs join tokens) and the links issued with it, both kept in the store. */
async function openLinks(config: Config, store: EventStore<MeetingEvent>): Promise<{ secret: Buffer; links: LinkRegistry; watchLinks: WatchLinks }> {
  const secret = await loadServerSecret(config.secret, store.meta);
  // Several nodes on one database issue and revoke links: each reads the list afresh.
  const shared = store instanceof PgEventStore;
  return { secret, links: new LinkRegistry(store.meta, secret, Date.now, { shared }), watchLinks: new WatchLinks(store.meta, secret, Date.now, { shared }) };
}

/** Every conference rebuilt from its log before anyone may connect. */
async function replayConferences(store: EventStore<MeetingEvent>, logger: Logger, metrics: Metrics, followers: boolean): Promise<{ rooms: MeetingRooms; report: LoadReport }> {
  const rooms: MeetingRooms = new RoomRegistry({ store, core: meetingCore, logger, followers, onAppend: (n, ms) => metrics.recordAppend(n, ms) });
  const report = await rooms.loadAll();
  logger.info({ conferences: report.loaded.length, failed: report.failed.length }, 'conferences replayed');
  return { rooms, report };
}

function createAuthenticator(secret: Buffer, links: LinkRegistry, rooms: MeetingRooms, metrics: Metrics, options: StartOptions): Authenticator {
  return new Authenticator({
    secret,
    links,
    limiter: new FailedJoinLimiter(options.failedJoins ?? { capacity: 10, refillMs: 6_000 }),
    // Cluster mode: a conference created on another node since this node's last tick is loaded now.
    conferenceExists: (id) => rooms.has(id) || rooms.loadIfLogged(id),
    onRefused: (code) => metrics.recordJoinRefused(code),
  });
}

function createHttpServer(config: Config, app: http.RequestListener): http.Server {
  return config.tls ? https.createServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, app) : http.createServer(app);
}

/**
 * Origins a browser may open a socket from: the public URL's (HOINGHI_PUBLIC_URL, else the one the
 * join links print, known once listening) and HOINGHI_ALLOWED_ORIGINS. Never the request's Host.
 */
function allowedOrigins(config: Config, baseUrl: string): string[] {
  return [...(baseUrl ? [new URL(baseUrl).origin] : []), ...(config.allowedOrigins ?? [])];
}

async function listen(server: http.Server, config: Config): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

async function startRecorder(config: Config, media: MediaPort, logger: Logger): Promise<RecordingService> {
  const storage = new RecordingStorage({ root: config.recording.dir, maxBytes: config.recording.maxBytes, minFreeBytes: config.recording.minFreeBytes });
  await RecordingService.prepare(storage);
  return new RecordingService({ media: media.service, storage, logger: logger.child({ part: 'recording' }), segmentSeconds: config.recording.segmentSeconds });
}
