import type { ConnectionRegistry, Connection } from '../gateway/connections.js';
import type { PresenceTracker } from '../gateway/presence.js';
import type { Logger } from '../log/logger.js';
import { onlinePointIds, type MeetingRooms } from '../rooms/meetingCore.js';
import type { PointDeviceRegistry } from '../store/pgPointDevices.js';
import { LEASE_TTL_MS } from './ownership.js';

// Presence across the nodes of a cluster. A point's devices may be connected to any node, to
// several at once, and a node may die with its devices. Each node writes how many devices of each
// point it holds (cluster_point_devices, on every change); the gateway's presence tracker then
//   - records a point online when a device of it joins a node and the log says it is offline
//     (a second device on another node records nothing: the core refuses NO_CHANGE);
//   - records it offline only when, at the end of the grace, no live node holds a device of it;
// and the node that writes the conference sweeps every tick for points the log says are online
// that no live node holds (their node died): they get the grace to come back through another
// node, then are recorded offline. A node counts as live while its heartbeat in cluster_nodes is
// younger than DEVICE_FRESH_MS, the lease's term: a node that lost its leases lost its devices too.
// Bound from a node's death to its points offline: DEVICE_FRESH_MS + a tick + the grace.

export const DEVICE_FRESH_MS = LEASE_TTL_MS;
/** rows of nodes gone this long are deleted (they no longer count after DEVICE_FRESH_MS anyway) */
const TIDY_AFTER_MS = 60_000;
const TIDY_EVERY_TICKS = 30;
/**
 * A standby row of this node whose device is not connected here is forgotten this long after it
 * was dated: an admission whose handshake failed after its claim. Longer than a handshake takes
 * from its claim to its session (the admission waits 2 s at most), so no device being admitted
 * loses its place; meanwhile the other nodes may wait for this node to promote it (a tick each).
 */
const STRAY_STANDBY_MS = 10_000;

/** Whether another live node holds a device of the point now (the presence tracker's `elsewhere`). */
export function heldElsewhere(devices: PointDeviceRegistry): (conferenceId: string, pointId: string) => Promise<boolean> {
  return async (conferenceId, pointId) => {
    const count = await devices.elsewhere(conferenceId, pointId, DEVICE_FRESH_MS);
    return count.live + count.standby > 0;
  };
}

export interface PresenceAcrossNodesOptions {
  readonly devices: PointDeviceRegistry;
  readonly connections: ConnectionRegistry;
  readonly rooms: MeetingRooms;
  readonly presence: Pick<PresenceTracker, 'expectBack'>;
  readonly logger: Logger;
  /** after each write of a point's devices (the other nodes are told: devicesAcrossNodes.ts) */
  readonly written?: (conferenceId: string, pointId: string) => void;
}

export class PresenceAcrossNodes {
  readonly #options: PresenceAcrossNodesOptions;
  /** one write at a time per point, each writing the count of when it runs (the newest) */
  readonly #writes = new Map<string, Promise<void>>();
  /** points whose last write failed (the database away): written again at the next sweep */
  readonly #unwritten = new Map<string, { conferenceId: string; pointId: string }>();
  /** per point, this node's standbys that left or became live since the last write: their places in the queue go */
  readonly #goneStandbys = new Map<string, Set<string>>();
  /** standbys admitted here with an old place kept (`keeping`), not sessions yet, and when */
  readonly #keeping = new Map<string, number>();
  #ticks = 0;

  constructor(options: PresenceAcrossNodesOptions) {
    this.#options = options;
    const changed = (connection: Connection, waitsNoMore: boolean) => {
      const pointId = connection.principal.pointId;
      if (connection.principal.role !== 'point' || pointId === undefined) return;
      if (waitsNoMore) {
        const key = keyOf(connection.conferenceId, pointId);
        this.#goneStandbys.set(key, (this.#goneStandbys.get(key) ?? new Set()).add(connection.socketId));
      }
      void this.write(connection.conferenceId, pointId);
    };
    options.connections.on('added', (connection) => changed(connection, false));
    options.connections.on('ended', (connection) => changed(connection, connection.standby));
    options.connections.on('standbyChanged', (connection) => changed(connection, !connection.standby));
  }

  /** Writes this node's devices of a point as they are when the write runs (after the ones before it). */
  write(conferenceId: string, pointId: string): Promise<void> {
    const key = keyOf(conferenceId, pointId);
    return this.withPoint(conferenceId, pointId, async () => {
      const devices = this.#options.connections.ofPoint(conferenceId, pointId);
      const live = devices.filter((c) => !c.standby).length;
      const waiting = devices.filter((c) => c.standby).map((c) => c.socketId);
      const gone = [...(this.#goneStandbys.get(key) ?? [])];
      try {
        await this.#options.devices.set(conferenceId, pointId, { live, standby: devices.length - live }, { waiting, gone });
        const left = this.#goneStandbys.get(key);
        for (const id of gone) left?.delete(id);
        if (left?.size === 0) this.#goneStandbys.delete(key);
        this.#unwritten.delete(key);
        this.#options.written?.(conferenceId, pointId);
      } catch (error) {
        this.#unwritten.set(key, { conferenceId, pointId });
        this.#options.logger.warn({ conferenceId, pointId, err: error }, 'a point’s devices could not be written for the other nodes; next tick');
      }
    });
  }

  /**
   * Runs `work` in the point's queue of writes: nothing else this node writes of the point runs
   * meanwhile. A promotion runs here, so no write that read the devices before it lands after it
   * (it would put the promoted device back in the queue of standbys, dated anew).
   */
  withPoint<T>(conferenceId: string, pointId: string, work: () => Promise<T>): Promise<T> {
    const key = keyOf(conferenceId, pointId);
    const next = (this.#writes.get(key) ?? Promise.resolve()).then(work);
    const settled = next.then(() => undefined, () => undefined);
    this.#writes.set(key, settled);
    void settled.finally(() => {
      if (this.#writes.get(key) === settled) this.#writes.delete(key);
    });
    return next;
  }

  /**
   * A standby admitted here took the place its device had on a connection it lost (its row is dated
   * then, not now): until its handshake ends, the stray sweep below must not take that row, older
   * than STRAY_STANDBY_MS, for one whose handshake failed.
   */
  keeping(deviceId: string): void {
    this.#keeping.set(deviceId, Date.now());
  }

  /** One tick: rewrite what failed; on the conferences this node writes, points online that no live node holds get the grace. */
  async sweep(): Promise<void> {
    for (const { conferenceId, pointId } of [...this.#unwritten.values()]) await this.write(conferenceId, pointId);
    const waiting = [...this.#options.connections.conferenceIds()].flatMap((id) => this.#options.connections.ofConference(id).filter((c) => c.standby && !c.ended).map((c) => c.socketId));
    for (const [deviceId, since] of this.#keeping) {
      if (Date.now() - since < STRAY_STANDBY_MS) waiting.push(deviceId);
      else this.#keeping.delete(deviceId);
    }
    await this.#options.devices.forgetStrayStandbys(waiting, STRAY_STANDBY_MS);
    for (const room of this.#options.rooms.list()) {
      if (!room.writable) continue;
      const online = onlinePointIds(room.state);
      if (online.length === 0) continue;
      const held = await this.#options.devices.ofConference(room.conferenceId, DEVICE_FRESH_MS);
      this.#options.presence.expectBack(room.conferenceId, online.filter((pointId) => !held.has(pointId)));
    }
    if (++this.#ticks % TIDY_EVERY_TICKS === 0) await this.#options.devices.tidy(TIDY_AFTER_MS, false);
  }

  /** A clean stop: this node's devices stop counting at once. */
  async close(): Promise<void> {
    await Promise.all(this.#writes.values());
    await this.#options.devices.tidy(TIDY_AFTER_MS, true);
  }
}

const keyOf = (conferenceId: string, pointId: string): string => `${conferenceId}\u0000${pointId}`;
