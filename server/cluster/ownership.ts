import type { Logger } from '../log/logger.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import type { ConferenceLeases } from '../store/pgLeases.js';
import type { NodeAnnouncement, NodeRegistry } from '../store/pgNodes.js';

// One writer per conference across the nodes of a cluster. Every node holds every conference as
// a room that follows the log in PostgreSQL; the node holding a conference's lease (pgLeases.ts)
// is the one whose room writes it. Each tick (TICK_MS) a node, in two rounds of its own:
// the keep-alive round
//   - refreshes its row in the node registry (its URL, workers and load: its heartbeat),
//   - renews the leases it holds (a failed renewal demotes the room: it stops writing);
// the work round
//   - loads conferences other nodes created,
//   - folds into its follower rooms what the owners appended (the heads query),
//   - takes the leases nobody holds (never taken, released, or run out because their node died)
//     and promotes those rooms, which first read the log up to its real head.
// A dead owner's lease runs out LEASE_TTL_MS after its last renewal; the next tick of any other
// node takes it: the takeover is bounded by LEASE_TTL_MS + TICK_MS + the read of the log's tail.
// The fencing token sent with every append keeps an owner that only paused from writing after it.
// Why two rounds: the work round can take seconds (a takeover replays a log, a follow reads many
// events); with the heartbeat and renewals behind it, a busy but healthy node dropped out of the
// registry (its points counted offline, its node missing from placement: seen in CI) and could
// lose leases it was using.

export const LEASE_TTL_MS = 5_000;
export const TICK_MS = 1_000;

/** What ownership needs of the PostgreSQL store (the lease table and the conferences' heads). */
export interface ClusterStore {
  readonly leases: ConferenceLeases;
  readonly nodes: NodeRegistry;
  heads(): Promise<Map<string, number>>;
  lastSeq(conferenceId: string): Promise<number>;
}

export interface OwnershipOptions {
  readonly store: ClusterStore;
  readonly rooms: MeetingRooms;
  readonly logger: Logger;
  /** where other nodes reach this one (forwarded commands) and its load; undefined until it listens */
  readonly announced: () => NodeAnnouncement | undefined;
  readonly ttlMs?: number;
  readonly tickMs?: number;
  /** a conference this node just took over (metrics, logs, tests) */
  readonly onTakeover?: (conferenceId: string, ms: number) => void;
  /** whether this node's heartbeat was written, each tick (an outage of the database: heartbeatGrace.ts) */
  readonly heartbeat?: (written: boolean) => void;
}

export class ConferenceOwnership {
  readonly #options: OwnershipOptions;
  readonly #ttlMs: number;
  readonly #tickMs: number;
  /** when each owned lease was last renewed (this node's clock): past the TTL without one, stop writing */
  readonly #renewedAt = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #keepAliveTimer: NodeJS.Timeout | undefined;
  #keepingAlive: Promise<void> | undefined;
  #closed = false;

  constructor(options: OwnershipOptions) {
    this.#options = options;
    this.#ttlMs = options.ttlMs ?? LEASE_TTL_MS;
    this.#tickMs = options.tickMs ?? TICK_MS;
  }

  get nodeId(): string {
    return this.#options.store.leases.nodeId;
  }

  /** Starts the ticks; the first one runs now (a node starting takes the conferences nobody holds). */
  async start(): Promise<void> {
    await this.#keepAlive();
    await this.tick();
    this.#schedule();
    this.#scheduleKeepAlive();
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      void this.tick().finally(() => this.#schedule());
    }, this.#tickMs);
    this.#timer.unref();
  }

  #scheduleKeepAlive(): void {
    if (this.#closed) return;
    this.#keepAliveTimer = setTimeout(() => {
      this.#keepingAlive = this.#keepAlive().finally(() => {
        this.#keepingAlive = undefined;
        this.#scheduleKeepAlive();
      });
    }, this.#tickMs);
    this.#keepAliveTimer.unref();
  }

  /** One work round: load, follow, take over. Never rejects (the database may be away: next tick). */
  tick(): Promise<void> {
    this.#ticking ??= this.#round().finally(() => (this.#ticking = undefined));
    return this.#ticking;
  }

  async #round(): Promise<void> {
    try {
      await this.#options.rooms.loadNew();
      await this.follow();
    } catch (error) {
      this.#options.logger.warn({ err: error }, 'following the log failed; next tick');
    }
    await this.#takeOver();
  }

  /** The heartbeat and the renewals. Never rejects. */
  async #keepAlive(): Promise<void> {
    const { rooms, logger } = this.#options;
    await this.announce().then(
      () => this.#options.heartbeat?.(true),
      (error: unknown) => {
        this.#options.heartbeat?.(false);
        logger.warn({ err: error }, 'heartbeat not written; next tick');
      },
    );
    for (const room of rooms.list()) {
      if (!room.writable) continue;
      try {
        if (await this.#options.store.leases.renew(room.conferenceId, this.#ttlMs)) {
          this.#renewedAt.set(room.conferenceId, Date.now());
          continue;
        }
        logger.warn({ conferenceId: room.conferenceId }, 'lease lost: another node writes this conference now');
        room.demote();
      } catch (error) {
        // The database is away: the lease runs out by its clock; stop writing by ours before it does.
        const since = Date.now() - (this.#renewedAt.get(room.conferenceId) ?? 0);
        if (since >= this.#ttlMs) {
          logger.warn({ conferenceId: room.conferenceId, err: error }, 'lease not renewed for its whole term: this node stops writing the conference');
          room.demote();
        }
      }
    }
  }

  /** This node's row in the registry, once it listens (before, commands forwarded to it wait). */
  async announce(): Promise<void> {
    const self = this.#options.announced();
    if (self) await this.#options.store.nodes.announce(self);
  }

  /** Folds into follower rooms what their owners appended; also called on a wake-up from the bus. */
  async follow(only?: string): Promise<void> {
    const heads = only === undefined ? await this.#options.store.heads() : new Map([[only, await this.#options.store.lastSeq(only)]]);
    await Promise.all(
      this.#options.rooms.list().map(async (room) => {
        const head = heads.get(room.conferenceId);
        if (room.writable || head === undefined || head <= room.seq) return;
        await room.followLog();
      }),
    );
  }

  async #takeOver(): Promise<void> {
    const { store, rooms, logger } = this.#options;
    let free: string[];
    try {
      free = await store.leases.claimable();
    } catch (error) {
      logger.warn({ err: error }, 'leases could not be read; next tick');
      return;
    }
    for (const conferenceId of free) {
      const room = rooms.get(conferenceId);
      if (!room || room.broken !== null || this.#closed) continue;
      const started = performance.now();
      try {
        const lease = await store.leases.acquire(conferenceId, this.#ttlMs);
        if (!lease.acquired) continue;
        this.#renewedAt.set(conferenceId, Date.now());
        await room.promote();
        const ms = performance.now() - started;
        logger.info({ conferenceId, token: lease.token, seq: room.seq, ms: Math.round(ms) }, 'this node now writes the conference (lease taken)');
        this.#options.onTakeover?.(conferenceId, ms);
      } catch (error) {
        logger.warn({ conferenceId, err: error }, 'taking a conference over failed; next tick');
      }
    }
  }

  /** The lease of a conference about to be created here; false when another node holds it. */
  async claimNew(conferenceId: string): Promise<boolean> {
    const lease = await this.#options.store.leases.acquire(conferenceId, this.#ttlMs);
    if (!lease.acquired) return false;
    this.#renewedAt.set(conferenceId, Date.now());
    // The lease was free but the log is not empty: a conference another node made; load it instead.
    if ((await this.#options.store.lastSeq(conferenceId)) > 0) {
      await this.#options.rooms.loadNew();
      await this.#options.rooms.get(conferenceId)?.promote();
      return false;
    }
    return true;
  }

  /** The URL of the node writing the conference, or null while nobody holds a live lease. */
  ownerUrl(conferenceId: string): Promise<string | null> {
    return this.#options.store.nodes.ownerUrl(conferenceId);
  }

  /** A clean stop: the leases are given up at once, so other nodes take over without waiting for the TTL. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#keepAliveTimer);
    await this.#ticking?.catch(() => undefined);
    await this.#keepingAlive;
    for (const room of this.#options.rooms.list()) {
      if (!room.writable) continue;
      room.demote();
      await this.#options.store.leases.release(room.conferenceId).catch((error: unknown) => this.#options.logger.warn({ conferenceId: room.conferenceId, err: error }, 'lease not released'));
    }
    await this.#options.store.nodes.withdraw().catch((error: unknown) => this.#options.logger.warn({ err: error }, 'node not withdrawn from the registry'));
  }
}
