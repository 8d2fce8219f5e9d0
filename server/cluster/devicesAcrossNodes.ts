import type { ConnectionRegistry } from '../gateway/connections.js';
import type { PointDevicesPolicy } from '../gateway/pointDevices.js';
import type { Logger } from '../log/logger.js';
import type { LiveHolder, PointDeviceRegistry } from '../store/pgPointDevices.js';

// One live device per point across the nodes of a cluster, as on one node (gateway/pointDevices.ts):
//   - a device that joins is admitted live or standby knowing the other nodes' live devices
//     (the gateway asks `Cluster.devicesElsewhere` at the handshake; under the point's lock);
//   - when a device took the point over through another node, the live device here is told why
//     and closed (SESSION_REPLACED), exactly as on one node: of two nodes holding a live device
//     of a point, the one whose device became live later (`live_since`) keeps it;
//   - when the point's live device left (or its node died) and standbys wait here, the database
//     says under the point's lock which standby has waited longest on any live node; only the
//     node holding that one promotes it (a standby here waits while an older one waits elsewhere).
// Both run for a point when another node announces through Redis that its devices of the point
// changed (`changedElsewhere`, a hint checked against the database), and for every point with a
// device here at every tick (`sweep`), so a lost notice, or Redis away, costs at most a tick.
// A node that died stops counting once its heartbeat is older than DEVICE_FRESH_MS: its standbys'
// points are then promoted elsewhere; a device that moved from it (failover) is a new device.
// The database away when this node's live device of a point leaves (it fails, or has not answered
// within PROMOTE_WAIT_MS): this node promotes its own oldest standby, as admission admits by the
// node's own devices then (gateway/devicesAdmission.ts), rather than leave the point without a
// live device for the whole outage. Standbys on other nodes cannot know of the departure and wait.
// When the database answers again the tick settles two live devices, if the outage made two (a
// device admitted alone on another node while the database was slow), by the takeover rule above:
// the promoted device's row is dated when this node writes it once the database answers, or, if
// the departure itself was never written, keeps the date of the live device it followed.

/** How long a departure's promotion waits for the database before this node promotes its own oldest standby (as admission waits, devicesAdmission.ts). */
export const PROMOTE_WAIT_MS = 2_000;

export interface DevicesAcrossNodesOptions {
  readonly devices: PointDeviceRegistry;
  readonly connections: ConnectionRegistry;
  readonly policy: Pick<PointDevicesPolicy, 'promote' | 'replaceLive'>;
  /** writes this node's devices of a point again (the presence writer), after a claim that changed nothing here */
  readonly rewrite: (conferenceId: string, pointId: string) => void;
  /** runs a promotion in the point's queue of writes (PresenceAcrossNodes.withPoint) */
  readonly withPoint: <T>(conferenceId: string, pointId: string, work: () => Promise<T>) => Promise<T>;
  /** how old another node's heartbeat may be for it to count as live (longer just after an outage of the database: heartbeatGrace.ts) */
  readonly freshMs: () => number;
  readonly logger: Logger;
}

export class DevicesAcrossNodes {
  readonly #options: DevicesAcrossNodesOptions;
  /** one settling at a time per conference: two would both promote on one claim */
  readonly #settling = new Map<string, Promise<void>>();
  /** the settling of a conference queued and not started yet, and the points it will look at */
  readonly #pending = new Map<string, { points: ReadonlySet<string> | 'all'; run: Promise<void> }>();
  /** points whose live device left this node and whose promotion the database has not decided yet (one mark per departure) */
  readonly #leftHere = new Map<string, object>();

  constructor(options: DevicesAcrossNodesOptions) {
    this.#options = options;
  }

  /** Another node's devices of a point changed (its notice through Redis). */
  changedElsewhere(conferenceId: string, pointId: string): Promise<void> {
    if (this.#options.connections.ofPoint(conferenceId, pointId).length === 0) return Promise.resolve();
    return this.#settle(conferenceId, new Set([pointId]));
  }

  /**
   * This node's live device of the point left: the oldest standby of the cluster is promoted, if
   * it is here. The database away (failed, or no answer within PROMOTE_WAIT_MS): this node's own
   * oldest standby is promoted, so the point is not left without a live device for the outage.
   */
  liveLeft(conferenceId: string, pointId: string): Promise<void> {
    const waitsHere = this.#options.connections.ofPoint(conferenceId, pointId).some((c) => c.standby && !c.ended);
    if (!waitsHere) return this.changedElsewhere(conferenceId, pointId);
    const key = keyOf(conferenceId, pointId);
    const departure = {};
    this.#leftHere.set(key, departure);
    let bound: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      bound = setTimeout(() => reject(new Error(`the database did not answer within ${PROMOTE_WAIT_MS} ms`)), PROMOTE_WAIT_MS);
    });
    return Promise.race([this.changedElsewhere(conferenceId, pointId), late])
      .catch((error: unknown) => {
        // Unless the database decided the point before it failed (on another point of the settling).
        if (this.#leftHere.get(key) !== departure || !this.#promoteAlone(conferenceId, pointId, error)) throw error;
      })
      .finally(() => {
        clearTimeout(bound);
        if (this.#leftHere.get(key) === departure) this.#leftHere.delete(key);
      });
  }

  /** Every tick: every point with a device here. */
  async sweep(): Promise<void> {
    for (const conferenceId of this.#options.connections.conferenceIds()) await this.#settle(conferenceId, undefined);
  }

  /** The database away at a departure here: this node's oldest standby of the point becomes live by this node's devices alone. */
  #promoteAlone(conferenceId: string, pointId: string, error: unknown): boolean {
    this.#leftHere.delete(keyOf(conferenceId, pointId));
    if (!this.#options.policy.promote(conferenceId, pointId)) return false;
    this.#options.logger.warn(
      { conferenceId, pointId, err: error },
      'the point’s live device left while the database is away: this node’s own oldest standby became live (a standby that waited longer on another node is not known); two live devices are settled once the database answers',
    );
    return true;
  }

  #settle(conferenceId: string, only: ReadonlySet<string> | undefined): Promise<void> {
    // Coalesced: while a settling runs, the points asked for meanwhile (every join on any node
    // sends a notice) wait together for one more, not one each: otherwise 10,000 clients joining
    // three nodes queue one conference-wide read per join on every other node.
    const wanted = this.#pending.get(conferenceId);
    if (wanted !== undefined) {
      if (wanted.points !== 'all') wanted.points = only ? new Set([...wanted.points, ...only]) : 'all';
      return wanted.run;
    }
    const entry: { points: ReadonlySet<string> | 'all'; run: Promise<void> } = { points: only ?? 'all', run: Promise.resolve() };
    this.#pending.set(conferenceId, entry);
    const next = (this.#settling.get(conferenceId) ?? Promise.resolve()).then(() => {
      this.#pending.delete(conferenceId);
      return this.#settleNow(conferenceId, entry.points === 'all' ? undefined : entry.points);
    });
    entry.run = next;
    // The chain kept here never rejects (the database away must not end the process as an
    // unhandled rejection, found by the three-node test's PostgreSQL restart); the caller gets `next`.
    const settled = next.catch(() => undefined);
    this.#settling.set(conferenceId, settled);
    void settled.finally(() => {
      if (this.#settling.get(conferenceId) === settled) this.#settling.delete(conferenceId);
    });
    return next;
  }

  async #settleNow(conferenceId: string, only: ReadonlySet<string> | undefined): Promise<void> {
    const { devices, connections, policy, logger } = this.#options;
    const here = new Map<string, { live: number; standby: number }>();
    for (const c of connections.ofConference(conferenceId)) {
      const pointId = c.principal.pointId;
      if (c.principal.role !== 'point' || pointId === undefined || c.ended || (only && !only.has(pointId))) continue;
      const count = here.get(pointId) ?? { live: 0, standby: 0 };
      if (c.standby) count.standby++;
      else count.live++;
      here.set(pointId, count);
    }
    if (here.size === 0) return;
    const holders = await devices.liveHolders(conferenceId, this.#options.freshMs());
    const self = devices.nodeId;
    // by point once: a thousand points each searching a thousand holders, every tick, was the
    // nodes' busiest work under bench:cluster
    const byPoint = new Map<string, LiveHolder[]>();
    for (const h of holders) byPoint.set(h.pointId, [...(byPoint.get(h.pointId) ?? []), h]);
    for (const [pointId, count] of here) {
      const ofPoint = byPoint.get(pointId) ?? [];
      const others = ofPoint.filter((h) => h.nodeId !== self);
      // The database answered for the point: a departure here is its to decide from now on.
      if (count.live > 0 || count.standby === 0 || others.length > 0) this.#leftHere.delete(keyOf(conferenceId, pointId));
      if (count.live > 0) {
        const mine = ofPoint.find((h) => h.nodeId === self);
        // Not dated yet (this node's row not written: the database was away): the next tick decides.
        if (!mine) continue;
        const later = others.find((h) => h.liveSince > mine.liveSince || (h.liveSince === mine.liveSince && h.nodeId > self));
        if (later && policy.replaceLive(conferenceId, pointId)) logger.info({ conferenceId, pointId, by: later.nodeId }, 'the point was taken over through another node: its live device here was replaced');
        continue;
      }
      if (count.standby === 0 || others.length > 0) continue;
      await this.#promoteOldest(conferenceId, pointId);
    }
  }

  /** No live device on any live node: the standby that waited longest in the cluster is promoted, if it is here. */
  #promoteOldest(conferenceId: string, pointId: string): Promise<void> {
    const { devices, connections, policy, logger } = this.#options;
    return this.#options.withPoint(conferenceId, pointId, async () => {
      // This node's devices as they are now, in the point's queue (the settling read them earlier).
      const here = connections.ofPoint(conferenceId, pointId).filter((c) => !c.ended);
      if (here.some((c) => !c.standby)) return;
      const waiting = here.filter((c) => c.standby).sort((a, b) => a.connectedAt - b.connectedAt).map((c) => c.socketId);
      if (waiting.length === 0) return;
      const oldest = await devices.promoteOldest(conferenceId, pointId, this.#options.freshMs(), waiting);
      this.#leftHere.delete(keyOf(conferenceId, pointId));
      if (!oldest?.here) return;
      if (policy.promote(conferenceId, pointId, oldest.deviceId)) {
        logger.info({ conferenceId, pointId, socketId: oldest.deviceId }, 'no node holds the point’s live device: the standby that waited longest, here, became live');
      }
      // The standby left meanwhile: the claim's row says live, this node's devices say otherwise.
      else this.#options.rewrite(conferenceId, pointId);
    });
  }
}

const keyOf = (conferenceId: string, pointId: string): string => `${conferenceId}\u0000${pointId}`;
