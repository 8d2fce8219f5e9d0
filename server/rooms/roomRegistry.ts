import { EventEmitter } from 'node:events';
import type { Logger } from '../log/logger.js';
import type { EventStore } from '../store/EventStore.js';
import { loadConference, SnapshotPolicy } from '../store/replay.js';
import { Room, type RoomCore } from './room.js';

// Every conference of this server as a Room, rebuilt from the log at start. A conference whose
// log cannot be read (a corrupt row, an event the core refuses) stays closed with its reason and
// never opens on a state that never existed; the others open as usual.

export interface RoomRegistryOptions<S, C, E, P> {
  readonly store: EventStore<E>;
  readonly core: RoomCore<S, C, E, P>;
  readonly logger: Logger;
  readonly snapshots?: SnapshotPolicy;
  readonly onAppend?: (events: number, ms: number) => void;
  /**
   * Cluster mode: rooms loaded from the log start as followers (another node may own the
   * conference); a room writes only once the cluster promotes it. Default false: this process
   * writes every conference.
   */
  readonly followers?: boolean;
  readonly now?: () => number;
  readonly newId?: () => string;
}

interface RegistryEvents<S, C, E, P> {
  /** a room was loaded or created: the gateway subscribes to its broadcasts */
  room: [room: Room<S, C, E, P>];
}

export interface LoadReport {
  readonly loaded: { conferenceId: string; seq: number; eventsReplayed: number; ms: number }[];
  readonly failed: { conferenceId: string; error: string }[];
}

export class RoomRegistry<S, C, E, P> extends EventEmitter<RegistryEvents<S, C, E, P>> {
  readonly #options: RoomRegistryOptions<S, C, E, P>;
  readonly #rooms = new Map<string, Room<S, C, E, P>>();
  readonly #failed = new Map<string, string>();
  readonly #snapshots: SnapshotPolicy;

  constructor(options: RoomRegistryOptions<S, C, E, P>) {
    super();
    this.#options = options;
    this.#snapshots = options.snapshots ?? new SnapshotPolicy(options.core.stateVersion ? { stateVersion: options.core.stateVersion } : {});
  }

  /** Replays every conference of the store, one after the other (2 cores: no point in parallel). */
  async loadAll(): Promise<LoadReport> {
    const report: LoadReport = { loaded: [], failed: [] };
    for (const conferenceId of await this.#options.store.conferences()) await this.#load(conferenceId, report);
    return report;
  }

  /**
   * Conferences of the log this registry does not have yet (another node created them), loaded
   * from their last snapshot. Cluster mode calls this as it follows the database.
   */
  async loadNew(): Promise<LoadReport> {
    const report: LoadReport = { loaded: [], failed: [] };
    for (const conferenceId of await this.#options.store.conferences()) {
      if (!this.has(conferenceId)) await this.#load(conferenceId, report);
    }
    return report;
  }

  /**
   * Cluster mode: a conference another node created and this registry has not loaded yet (its
   * next tick would), loaded now because a client asks for it here (a join, a wake-up). False when
   * its log is empty: no such conference. Without followers every conference is loaded already.
   */
  async loadIfLogged(conferenceId: string): Promise<boolean> {
    if (this.has(conferenceId)) return true;
    if (!this.#options.followers || (await this.#options.store.lastSeq(conferenceId)) === 0) return false;
    await this.#load(conferenceId, { loaded: [], failed: [] });
    return this.has(conferenceId);
  }

  async #load(conferenceId: string, report: LoadReport): Promise<void> {
    {
      const started = performance.now();
      try {
        const loaded = await loadConference(this.#options.store, conferenceId, {
          emptyState: () => this.#options.core.emptyState(conferenceId),
          evolve: (state, event) => this.#options.core.evolve(state, event),
          ...(this.#options.core.fold ? { fold: this.#options.core.fold } : {}),
          stateVersion: this.#snapshots.stateVersion,
          ...(this.#options.core.stateSchema ? { stateSchema: this.#options.core.stateSchema } : {}),
        });
        for (const warning of loaded.warnings) this.#options.logger.warn({ conferenceId }, warning);
        this.#snapshots.loaded(conferenceId, loaded);
        // A room created on this node meanwhile (a createConference racing the load) is kept.
        if (this.has(conferenceId)) return;
        this.#add(new Room({ ...this.#roomOptions(conferenceId), state: loaded.state, seq: loaded.seq, writable: !this.#options.followers }));
        const ms = performance.now() - started;
        report.loaded.push({ conferenceId, seq: loaded.seq, eventsReplayed: loaded.eventsReplayed, ms });
        this.#options.logger.info({ conferenceId, seq: loaded.seq, eventsReplayed: loaded.eventsReplayed, snapshotSeq: loaded.snapshotSeq, ms: Math.round(ms) }, 'conference loaded');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.#failed.set(conferenceId, message);
        report.failed.push({ conferenceId, error: message });
        this.#options.logger.error({ conferenceId, err: error }, 'conference NOT loaded: its log cannot be replayed; it stays closed until repaired');
      }
    }
  }

  #roomOptions(conferenceId: string) {
    return {
      conferenceId,
      core: this.#options.core,
      store: this.#options.store,
      ...(this.#options.now ? { now: this.#options.now } : {}),
      ...(this.#options.newId ? { newId: this.#options.newId } : {}),
      ...(this.#options.onAppend ? { onAppend: this.#options.onAppend } : {}),
      onError: (error: unknown, what: string) => this.#options.logger.error({ conferenceId, err: error }, what),
    };
  }

  #add(room: Room<S, C, E, P>): void {
    this.#rooms.set(room.conferenceId, room);
    room.on('appended', () => {
      // Snapshots are the writer's: a follower's would race the owner's for nothing.
      if (!room.writable) return;
      void this.#snapshots.afterAppend(this.#options.store, room.conferenceId, room.seq, room.state).then(({ error }) => {
        if (error !== undefined) this.#options.logger.warn({ conferenceId: room.conferenceId, err: error }, 'snapshot not saved');
      });
    });
    this.emit('room', room);
  }

  get(conferenceId: string): Room<S, C, E, P> | undefined {
    return this.#rooms.get(conferenceId);
  }

  /** Why a conference of the log is closed, when it failed to load. */
  failure(conferenceId: string): string | undefined {
    return this.#failed.get(conferenceId);
  }

  has(conferenceId: string): boolean {
    return this.#rooms.has(conferenceId) || this.#failed.has(conferenceId);
  }

  /** A room for a conference that has no log yet; its first command must be createConference. */
  create(conferenceId: string): Room<S, C, E, P> {
    if (this.has(conferenceId)) throw new Error(`conference ${conferenceId} already exists`);
    const room = new Room({ ...this.#roomOptions(conferenceId), state: this.#options.core.emptyState(conferenceId), seq: 0 });
    this.#snapshots.loaded(conferenceId, { snapshotSeq: null });
    this.#add(room);
    return room;
  }

  /** Drops a room that never got an event (its createConference was refused). */
  discardIfEmpty(conferenceId: string): void {
    const room = this.#rooms.get(conferenceId);
    if (room && room.seq === 0) {
      this.#rooms.delete(conferenceId);
      this.#snapshots.forget(conferenceId);
    }
  }

  list(): Room<S, C, E, P>[] {
    return [...this.#rooms.values()];
  }

  get failedCount(): number {
    return this.#failed.size;
  }
}
