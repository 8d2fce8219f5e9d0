import type { Command } from '../../shared/protocol/index.js';
import {
  AckSchema,
  CatchUpPageSchema,
  ClusterNodesSchema,
  ConnectRefusalSchema,
  LiveEventsSchema,
  PointDevicesSchema,
  SessionEndedSchema,
  StandbyNoticeSchema,
  WelcomeSchema,
  type Ack,
  type PointDevices,
  type Welcome,
} from '../../shared/protocol/socket.js';
import type { ConsoleErrorCode } from '../../shared/terms/errors.js';
import type { MeetingReplica } from '../state/replica.js';
import type { ServerClock } from '../state/serverClock.js';
import { DEFAULT_BACKOFF, reconnectDelayMs, type BackoffPolicy } from './backoff.js';
import type { EarlySocket } from './earlySocket.js';
import { meetingSocket, pointAt, type MeetingSocket, type SocketAuth, type SocketLike } from './meetingSocket.js';
import { askPlacement, nextNode, originOf, regionOf } from './nodes.js';
import { watchSilentNode } from './silentNode.js';
import { canSend, isFinalRefusal, type ConnectionStatus } from './status.js';

// The typed socket.io link of one console to the gateway. It owns the reconnect schedule (so the
// header can count down to the next attempt), hands every event to the replica (after checking it
// with the protocol's schemas: the server is trusted, the network and proxies in between are not),
// and asks for a catch-up from the replica's last seq on every (re)connect and on any hole.
// In a cluster it also knows the live nodes (nodes.ts): it asks where to connect first, and moves
// to the next node when its own fails to answer, on the same socket (listeners and media stay).
// A point's page may have opened the socket already, from its first script (earlySocket.ts): the
// connection then adopts it and folds what it received before.

export type { SocketLike } from './meetingSocket.js';

export interface ConnectionOptions {
  token: string;
  /** only for a server-admin token, valid for any conference */
  conferenceId?: string;
  replica: MeetingReplica;
  clock: ServerClock;
  /** where the gateway is; default: the page's own origin */
  url?: string;
  backoff?: BackoffPolicy;
  /** how long a command waits for its ack before it is reported as lost */
  ackTimeoutMs?: number;
  now?: () => number;
  /** the region the join link names (?region=): placement in a cluster where the point's record has none; ignored if malformed */
  region?: string;
  /** ask the node for the cluster's placement before the first connect (default true) */
  placement?: boolean;
  /** a socket the page's first script opened for this token (earlySocket.ts), adopted instead of a new one */
  early?: EarlySocket | null;
}

/** With other nodes to go to, a connect attempt that hangs (a silent machine) is given up after this. */
const CLUSTER_CONNECT_TIMEOUT_MS = 4_000;

/** Client-side refusals, beside the core's and the gateway's codes; the catalogue translates all. */
export type LocalErrorCode = Extract<ConsoleErrorCode, 'NOT_CONNECTED' | 'TIMEOUT' | 'BAD_ACK'>;

type Listener = () => void;

export class MeetingConnection {
  readonly #opts: Required<Omit<ConnectionOptions, 'conferenceId' | 'url' | 'region' | 'early'>> & Pick<ConnectionOptions, 'conferenceId' | 'url' | 'early'>;
  readonly #region: string | undefined;
  /** the socket, its Manager and the node it goes to now */
  #made: MeetingSocket | null = null;
  /** the cluster's live nodes, most preferred first (empty: one node, or not told yet) */
  #nodes: readonly string[] = [];
  #placed = false;
  #status: ConnectionStatus = { kind: 'connecting' };
  #welcome: Welcome | null = null;
  /**
   * A point's standby: its socket id on the connection it waits on, sent when it connects again
   * (to this node or, in a cluster, another one) so it keeps its place in the point's queue.
   */
  #waitedAs: string | undefined;
  #devices = new Map<string, PointDevices>();
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  /** stops the silent-node watchdog (silentNode.ts) */
  #unwatch: (() => void) | null = null;
  readonly #listeners = new Set<Listener>();

  constructor(options: ConnectionOptions) {
    const { region, ...rest } = options;
    this.#opts = {
      backoff: DEFAULT_BACKOFF,
      ackTimeoutMs: 8000,
      now: () => Date.now(),
      placement: true,
      ...rest,
    };
    this.#region = regionOf(region);
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** Who the server says we are; null until the first welcome. */
  get welcome(): Welcome | null {
    return this.#welcome;
  }

  /** Devices on each point's link (chair and admin only receive these). */
  get devices(): ReadonlyMap<string, PointDevices> {
    return this.#devices;
  }

  /** The raw socket, for the media wrapper, which signals over the same connection. */
  get socket(): SocketLike | null {
    return this.#made?.socket ?? null;
  }

  /** The origin of the node the socket goes to (in a cluster it may change). */
  get node(): string {
    return this.#made?.node ?? '';
  }

  /** The cluster's live nodes as last told, most preferred first; empty on a single node. */
  get nodes(): readonly string[] {
    return this.#nodes;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#stopped = false;
    const early = this.#made ? null : this.#opts.early;
    if (early) this.#adopt(early);
    else {
      this.#made ??= this.#createSocket();
      if (this.#placed || !this.#opts.placement) this.#open();
      else void this.#place().finally(() => this.#open());
    }
    this.#unwatch ??= watchSilentNode({
      engine: () => this.#made?.manager.engine,
      armed: () => this.#nodes.length > 1 && this.#status.kind === 'connected',
      onSilent: () => this.#leaveSilentNode(),
    });
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.#onOnline);
      window.addEventListener('offline', this.#onOffline);
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#clearRetry();
    this.#unwatch?.();
    this.#unwatch = null;
    this.socket?.disconnect();
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.#onOnline);
      window.removeEventListener('offline', this.#onOffline);
    }
  }

  /** Try again now (the "reconnect now" button), without waiting for the countdown. */
  retryNow(): void {
    if (this.#stopped || this.#status.kind === 'connected' || this.#status.kind === 'refused' || this.#status.kind === 'ended') return;
    this.#clearRetry();
    this.#open();
  }

  /** Send one command; resolves with the server's ack or a local refusal, never rejects. */
  send(command: Command): Promise<Ack> {
    const socket = this.socket;
    if (!socket || !canSend(this.#status)) return Promise.resolve(localRefusal('NOT_CONNECTED'));
    return new Promise<Ack>((resolve) => {
      socket.timeout(this.#opts.ackTimeoutMs).emit('command', { command }, (err: Error | null, ack: unknown) => {
        if (err) return resolve(localRefusal('TIMEOUT'));
        const parsed = AckSchema.safeParse(ack);
        resolve(parsed.success ? parsed.data : localRefusal('BAD_ACK'));
      });
    });
  }

  /** (Re)connect the one socket; its listeners stay, so the media layer's stay valid too. */
  #open(): void {
    const socket = this.socket;
    if (this.#stopped || !socket || socket.connected) return;
    socket.connect();
  }

  /** Asks the page's node where to connect (server/cluster/placement.ts); on any failure, stays. */
  async #place(): Promise<void> {
    this.#placed = true;
    const nodes = await askPlacement(this.node, this.#opts.token, this.#region);
    if (!nodes) return;
    this.#learnNodes(nodes);
    const first = this.#nodes[0];
    if (first !== undefined) this.#pointAt(first);
  }

  /**
   * The socket the page's first script opened (earlySocket.ts): its placement as if asked here,
   * our handlers from now on, and what it received before, in order, through them. It connects
   * itself once placed; if it is still asking, we connect it when the answer comes.
   */
  #adopt(early: EarlySocket): void {
    this.#made = early.made;
    this.#placed = true;
    early.made.socket.auth = (cb) => cb(this.#auth());
    if (early.nodes !== undefined) this.#learnNodes(early.nodes ?? []);
    else {
      void early.placed.then((nodes) => {
        this.#learnNodes(nodes ?? []);
        this.#open();
      });
    }
    // Each recorded event goes to the handler that would have had it live; events no handler of
    // ours takes (media pushes, which the early media client heard itself) are skipped.
    const handlers: Partial<Record<string, (...args: never[]) => void>> = this.#listen(early.made.socket);
    for (const { event, args } of early.seen) if (Object.hasOwn(handlers, event)) (handlers[event] as (...a: unknown[]) => void)(...args);
  }

  #learnNodes(urls: readonly string[]): void {
    this.#nodes = urls.map((u) => originOf(u)).filter((o): o is string => o !== null);
    // A silent machine must not hold the console for socket.io's 20 s when another node waits.
    if (this.#nodes.length > 1) this.#made?.manager.timeout(CLUSTER_CONNECT_TIMEOUT_MS);
  }

  /** Our node said nothing for a while (a frozen or dead machine): on to the next node, as after a refused connect. */
  #leaveSilentNode(): void {
    const next = nextNode(this.#nodes, this.node);
    if (next === null) return;
    this.#pointAt(next);
    this.#attempt = 0;
    // Our disconnect handler schedules the reconnect, now to the next node.
    this.socket?.disconnect();
  }

  /** Points the socket's Manager at another node; the next connect goes there. */
  #pointAt(origin: string): void {
    if (this.#made) pointAt(this.#made, origin);
  }

  /** What the server is sent with each attempt: the token, and the seq we hold by then. */
  readonly #auth = (): SocketAuth => ({
    token: this.#opts.token,
    lastSeq: this.#opts.replica.seq,
    ...(this.#opts.conferenceId ? { conferenceId: this.#opts.conferenceId } : {}),
    ...(this.#region !== undefined ? { region: this.#region } : {}),
    ...(this.#waitedAs !== undefined ? { waitedAs: this.#waitedAs } : {}),
  });

  /**
   * The console's one socket for its whole life. socket.io's own reconnection is off (we run the
   * schedule), but reconnecting the same Socket keeps every listener, including the media
   * client's, which signals over this socket too.
   */
  #createSocket(): MeetingSocket {
    const made = meetingSocket(this.#opts.url, this.#auth);
    this.#listen(made.socket);
    return made;
  }

  /** Our handlers on the socket; returned by event name, so an adopted socket's past can be replayed through them. */
  #listen(socket: SocketLike) {
    const replica = this.#opts.replica;
    const handlers = {
      connect: () => {
        this.#attempt = 0;
        this.#setStatus({ kind: 'connected', since: this.#opts.now(), caughtUp: false });
      },
      welcome: (raw: unknown) => {
        const w = WelcomeSchema.safeParse(raw);
        if (!w.success) return;
        this.#welcome = w.data;
        // Connected by now: socket.id is the id the server knows this connection by.
        this.#waitedAs = w.data.standby ? socket.id : undefined;
        replica.bind(w.data.conferenceId);
        this.#emit();
      },
      catchUp: (raw: unknown) => {
        const page = CatchUpPageSchema.safeParse(raw);
        if (!page.success) return this.#askCatchUp();
        const result = replica.applyCatchUp(page.data);
        if (!result.ok) return this.#askCatchUp();
        if (page.data.done && this.#status.kind === 'connected' && !this.#status.caughtUp) {
          this.#setStatus({ ...this.#status, caughtUp: true });
        }
      },
      events: (raw: unknown) => {
        const batch = LiveEventsSchema.safeParse(raw);
        if (!batch.success) return this.#askCatchUp();
        const receivedAt = this.#opts.now();
        for (const e of batch.data.events) this.#opts.clock.observe(e.event.at, receivedAt);
        const result = replica.applyLive(batch.data);
        if (!result.ok) this.#askCatchUp();
      },
      standby: (raw: unknown) => {
        const notice = StandbyNoticeSchema.safeParse(raw);
        if (notice.success && this.#welcome) {
          this.#welcome = { ...this.#welcome, standby: notice.data.standby };
          this.#waitedAs = notice.data.standby ? socket.id : undefined;
          this.#emit();
        }
      },
      nodes: (raw: unknown) => {
        const notice = ClusterNodesSchema.safeParse(raw);
        if (notice.success) this.#learnNodes(notice.data.nodes.map((n) => n.url));
      },
      devices: (raw: unknown) => {
        const notice = PointDevicesSchema.safeParse(raw);
        if (!notice.success) return;
        this.#devices = new Map(this.#devices).set(notice.data.pointId, notice.data);
        this.#emit();
      },
      sessionEnded: (raw: unknown) => {
        const notice = SessionEndedSchema.safeParse(raw);
        const code = notice.success ? notice.data.code : 'SESSION_REPLACED';
        this.#finish({ kind: 'ended', code, message: notice.success ? notice.data.message : '' });
      },
      connect_error: (err: Error & { data?: unknown }) => {
        const refusal = ConnectRefusalSchema.safeParse(err.data);
        if (refusal.success && isFinalRefusal(refusal.data.code)) {
          return this.#finish({ kind: 'refused', code: refusal.data.code, message: refusal.data.message });
        }
        // This node did not answer (or is not taking us): the next attempt goes to the next node.
        const next = nextNode(this.#nodes, this.node);
        if (next !== null) {
          this.#pointAt(next);
          this.#attempt = 0;
        }
        this.#scheduleRetry(refusal.success ? refusal.data.code : err.message);
      },
      disconnect: (reason: string) => {
        if (this.#stopped || this.#status.kind === 'ended' || this.#status.kind === 'refused') return;
        this.#scheduleRetry(reason);
      },
    };
    socket.on('connect', handlers.connect);
    socket.on('welcome', handlers.welcome);
    socket.on('catchUp', handlers.catchUp);
    socket.on('events', handlers.events);
    socket.on('standby', handlers.standby);
    socket.on('nodes', handlers.nodes);
    socket.on('devices', handlers.devices);
    socket.on('sessionEnded', handlers.sessionEnded);
    socket.on('connect_error', handlers.connect_error);
    socket.on('disconnect', handlers.disconnect);
    return handlers;
  }

  #askCatchUp(): void {
    this.socket?.emit('catchUp', { afterSeq: this.#opts.replica.seq }, () => {});
  }

  #scheduleRetry(lastError: string | null): void {
    if (this.#stopped) return;
    this.#clearRetry();
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      this.#setStatus({ kind: 'offline' });
      return;
    }
    this.#attempt++;
    const delay = reconnectDelayMs(this.#attempt, this.#opts.backoff);
    this.#setStatus({ kind: 'reconnecting', attempt: this.#attempt, nextAttemptAt: this.#opts.now() + delay, lastError });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#open();
    }, delay);
  }

  #finish(status: ConnectionStatus): void {
    this.#clearRetry();
    this.#setStatus(status);
    this.socket?.disconnect();
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  readonly #onOnline = (): void => {
    if (this.#status.kind === 'offline' || this.#status.kind === 'reconnecting') {
      this.#attempt = 0;
      this.retryNow();
    }
  };

  readonly #onOffline = (): void => {
    if (this.#status.kind === 'refused' || this.#status.kind === 'ended') return;
    this.#clearRetry();
    this.#setStatus({ kind: 'offline' });
    this.socket?.disconnect();
  };

  #setStatus(status: ConnectionStatus): void {
    this.#status = status;
    this.#emit();
  }

  #emit(): void {
    for (const l of this.#listeners) l();
  }
}

/** A refusal this client makes itself (no answer came); its words are in shared/terms/errors.ts. */
export function localRefusal(code: LocalErrorCode): Ack {
  return { ok: false, code, message: '' };
}
