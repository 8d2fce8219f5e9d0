import type { PointDevices } from '../../shared/protocol/socket.js';
import type { SecondDevice } from '../auth/linkRegistry.js';
import type { Connection, ConnectionRegistry } from './connections.js';

// One point, one live sender. When a second device opens the same point's link it either takes
// the point over (the old device is told why and closed, so its media stops) or waits as a
// standby that becomes live when the live device leaves, as the admin chose for the link.
// Either way the chair is told, so two devices on one point never go unseen.
// In cluster mode the live device may be on another node: the gateway asks the other nodes
// before admitting (`liveElsewhere`), and server/cluster/devicesAcrossNodes.ts replaces or
// promotes a device here when the other nodes' devices change (`replaceLive`, `promote`). Which
// standby is promoted when the live one leaves is then the cluster's to decide (the oldest may
// wait on another node): `left` hands it over (`AcrossNodes.liveLeft`) instead of promoting here.

export interface DeviceNotifier {
  /** tell the socket why and close it */
  replace(connection: Connection): void;
  /** tell the socket it is (no longer) a standby */
  standbyChanged(connection: Connection): void;
  /** tell the chair and admin consoles of the conference */
  toPresidingConsoles(conferenceId: string, notice: PointDevices): void;
}

/** Cluster mode: the nodes decide together which standby is promoted. */
export interface AcrossNodes {
  /** this node's live device of the point left: the standby that waited longest, on any node, is to be promoted */
  liveLeft(conferenceId: string, pointId: string): void;
}

/**
 * The rule for a device that joins, wherever the point's live device is: with none it is live;
 * with one, a standby link waits and a takeover link takes the point over. `waiting` (cluster
 * mode): no device is live but standbys wait to be promoted (the live one just left); a standby
 * link then waits behind them rather than jump ahead.
 */
export function admission(policy: SecondDevice, liveHere: boolean, liveElsewhere: boolean, waiting = false): { standby: boolean } {
  return { standby: policy === 'standby' && (liveHere || liveElsewhere || waiting) };
}

/** A notice of this node's devices with the other live nodes' added: the consoles count the whole cluster's (one live at most). */
export function withElsewhere(notice: PointDevices, elsewhere: { live: number; standby: number }): PointDevices {
  return { ...notice, live: Math.min(1, notice.live + elsewhere.live), standby: notice.standby + elsewhere.standby };
}

export class PointDevicesPolicy {
  readonly #connections: ConnectionRegistry;
  readonly #notify: DeviceNotifier;
  readonly #acrossNodes: AcrossNodes | undefined;

  constructor(connections: ConnectionRegistry, notify: DeviceNotifier, acrossNodes?: AcrossNodes) {
    this.#connections = connections;
    this.#notify = notify;
    this.#acrossNodes = acrossNodes;
  }

  /**
   * Decides whether a point device that just joined is live or a standby; call before the
   * connection is added to the registry. `liveElsewhere`: another node holds the point's live
   * device (cluster mode); a takeover then takes it from there (`tookOverElsewhere`).
   * `waitingElsewhere`: none is live, but standbys wait on other nodes to be promoted.
   */
  admit(conferenceId: string, pointId: string, policy: SecondDevice, liveElsewhere = false, waitingElsewhere = false): { standby: boolean; replaced: Connection | undefined; tookOverElsewhere: boolean } {
    const live = this.#live(conferenceId, pointId);
    // Standbys here and none live happens only in cluster mode, between a live device leaving and the cluster's promotion.
    const waitingHere = this.#acrossNodes !== undefined && live === undefined && this.#connections.ofPoint(conferenceId, pointId).some((c) => c.standby && !c.ended);
    const { standby } = admission(policy, live !== undefined, liveElsewhere, waitingElsewhere || waitingHere);
    if (standby) return { standby, replaced: undefined, tookOverElsewhere: false };
    return { standby, replaced: live, tookOverElsewhere: liveElsewhere };
  }

  /** After the new connection is registered: close the replaced one and tell the chair. */
  joined(connection: Connection, replaced: Connection | undefined, tookOverElsewhere = false): void {
    const pointId = connection.principal.pointId;
    if (pointId === undefined) return;
    if (replaced) this.#notify.replace(replaced);
    const change = replaced || tookOverElsewhere ? 'takeover' : 'joined';
    this.#report(connection.conferenceId, pointId, change);
  }

  /**
   * After a point connection left the registry: promote the oldest standby if the live one left.
   * In cluster mode the oldest may wait on another node: the cluster promotes it (or one here).
   */
  left(connection: Connection): void {
    const pointId = connection.principal.pointId;
    if (pointId === undefined) return;
    if (!connection.standby) {
      if (this.#acrossNodes) this.#acrossNodes.liveLeft(connection.conferenceId, pointId);
      else if (this.promote(connection.conferenceId, pointId)) return;
    }
    this.#report(connection.conferenceId, pointId, 'left');
  }

  /**
   * A standby here becomes live, if no device here is live: `deviceId` (the one the cluster chose),
   * else the oldest; the chair is told. Returns whether one did.
   */
  promote(conferenceId: string, pointId: string, deviceId?: string): boolean {
    const devices = this.#connections.ofPoint(conferenceId, pointId);
    if (devices.some((c) => !c.standby)) return false;
    const waiting = devices.filter((c) => c.standby);
    const next = deviceId === undefined ? waiting.sort((a, b) => a.connectedAt - b.connectedAt)[0] : waiting.find((c) => c.socketId === deviceId);
    if (!next) return false;
    this.#connections.setStandby(next.socketId, false);
    this.#notify.standbyChanged(next);
    this.#report(conferenceId, pointId, 'promoted');
    return true;
  }

  /** Another node's device took the point over: the live device here is told why and closed, as on one node. */
  replaceLive(conferenceId: string, pointId: string): boolean {
    const live = this.#live(conferenceId, pointId);
    if (live) this.#notify.replace(live);
    return live !== undefined;
  }

  /** Whether the point still has any device (live or standby) connected. */
  hasDevice(conferenceId: string, pointId: string): boolean {
    return this.#connections.ofPoint(conferenceId, pointId).length > 0;
  }

  #live(conferenceId: string, pointId: string): Connection | undefined {
    return this.#connections.ofPoint(conferenceId, pointId).find((c) => !c.standby && !c.ended);
  }

  #report(conferenceId: string, pointId: string, change: PointDevices['change']): void {
    const devices = this.#connections.ofPoint(conferenceId, pointId);
    const live = devices.some((c) => !c.standby) ? 1 : 0;
    const standby = devices.filter((c) => c.standby).length;
    this.#notify.toPresidingConsoles(conferenceId, { pointId, live, standby, change });
  }
}
