import type { PointDevices } from '../../shared/protocol/socket.js';
import type { SecondDevice } from '../auth/linkRegistry.js';
import type { Connection, ConnectionRegistry } from './connections.js';

// One point, one live sender. When a second device opens the same point's link it either takes
// the point over (the old device is told why and closed, so its media stops) or waits as a
// standby that becomes live when the live device leaves, as the admin chose for the link.
// Either way the chair is told, so two devices on one point never go unseen.

export interface DeviceNotifier {
  /** tell the socket why and close it */
  replace(connection: Connection): void;
  /** tell the socket it is (no longer) a standby */
  standbyChanged(connection: Connection): void;
  /** tell the chair and admin consoles of the conference */
  toPresidingConsoles(conferenceId: string, notice: PointDevices): void;
}

export class PointDevicesPolicy {
  readonly #connections: ConnectionRegistry;
  readonly #notify: DeviceNotifier;

  constructor(connections: ConnectionRegistry, notify: DeviceNotifier) {
    this.#connections = connections;
    this.#notify = notify;
  }

  /**
   * Decides whether a point device that just joined is live or a standby; call before the
   * connection is added to the registry. Returns true for standby.
   */
  admit(conferenceId: string, pointId: string, policy: SecondDevice): { standby: boolean; replaced: Connection | undefined } {
    const live = this.#connections.ofPoint(conferenceId, pointId).find((c) => !c.standby && !c.ended);
    if (!live) return { standby: false, replaced: undefined };
    if (policy === 'standby') return { standby: true, replaced: undefined };
    return { standby: false, replaced: live };
  }

  /** After the new connection is registered: close the replaced one and tell the chair. */
  joined(connection: Connection, replaced: Connection | undefined): void {
    const pointId = connection.principal.pointId;
    if (pointId === undefined) return;
    if (replaced) this.#notify.replace(replaced);
    const change = replaced ? 'takeover' : 'joined';
    this.#report(connection.conferenceId, pointId, change);
  }

  /** After a point connection left the registry: promote the oldest standby if the live one left. */
  left(connection: Connection): void {
    const pointId = connection.principal.pointId;
    if (pointId === undefined) return;
    const devices = this.#connections.ofPoint(connection.conferenceId, pointId);
    const hasLive = devices.some((c) => !c.standby);
    if (!connection.standby && !hasLive) {
      const next = devices.filter((c) => c.standby).sort((a, b) => a.connectedAt - b.connectedAt)[0];
      if (next) {
        this.#connections.setStandby(next.socketId, false);
        this.#notify.standbyChanged(next);
        this.#report(connection.conferenceId, pointId, 'promoted');
        return;
      }
    }
    this.#report(connection.conferenceId, pointId, 'left');
  }

  /** Whether the point still has any device (live or standby) connected. */
  hasDevice(conferenceId: string, pointId: string): boolean {
    return this.#connections.ofPoint(conferenceId, pointId).length > 0;
  }

  #report(conferenceId: string, pointId: string, change: PointDevices['change']): void {
    const devices = this.#connections.ofPoint(conferenceId, pointId);
    const live = devices.some((c) => !c.standby) ? 1 : 0;
    const standby = devices.filter((c) => c.standby).length;
    this.#notify.toPresidingConsoles(conferenceId, { pointId, live, standby, change });
  }
}
