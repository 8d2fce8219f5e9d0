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
  #ticks = 0;

  constructor(options: PresenceAcrossNodesOptions) {
    this.#options = options;
    const changed = (connection: Connection) => {
      const pointId = connection.principal.pointId;
      if (connection.principal.role === 'point' && pointId !== undefined) void this.write(connection.conferenceId, pointId);
    };
    options.connections.on('added', changed);
    options.connections.on('ended', changed);
    options.connections.on('standbyChanged', changed);
  }

  /** Writes this node's devices of a point as they are when the write runs (after the ones before it). */
  write(conferenceId: string, pointId: string): Promise<void> {
    const key = `${conferenceId}\u0000${pointId}`;
    const next = (this.#writes.get(key) ?? Promise.resolve()).then(async () => {
      const devices = this.#options.connections.ofPoint(conferenceId, pointId);
      const live = devices.filter((c) => !c.standby).length;
      try {
        await this.#options.devices.set(conferenceId, pointId, { live, standby: devices.length - live });
        this.#unwritten.delete(key);
        this.#options.written?.(conferenceId, pointId);
      } catch (error) {
        this.#unwritten.set(key, { conferenceId, pointId });
        this.#options.logger.warn({ conferenceId, pointId, err: error }, 'a point’s devices could not be written for the other nodes; next tick');
      }
    });
    this.#writes.set(key, next);
    void next.finally(() => {
      if (this.#writes.get(key) === next) this.#writes.delete(key);
    });
    return next;
  }

  /** One tick: rewrite what failed; on the conferences this node writes, points online that no live node holds get the grace. */
  async sweep(): Promise<void> {
    for (const { conferenceId, pointId } of [...this.#unwritten.values()]) await this.write(conferenceId, pointId);
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
