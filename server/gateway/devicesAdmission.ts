import type { Logger } from '../log/logger.js';
import type { ClaimDecision, DeviceCount } from '../store/pgPointDevices.js';
import type { ConnectionRegistry } from './connections.js';
import { admission } from './pointDevices.js';
import type { GatewaySocket } from './session.js';

// A point's device admitted across a cluster's nodes: the handshake step that asks the other
// nodes, under the point's lock, whether one of them holds the point's live device.

/** What the gateway asks the other nodes of a cluster about a point's devices. */
export interface DevicesElsewhere {
  /**
   * Whether another live node holds the point's live device (or, none being live, standbys that
   * wait to be promoted); under the point's lock across nodes, this node's devices of the point
   * are written as `decide` says from that (the one joining included).
   */
  admit(conferenceId: string, pointId: string, decide: (liveElsewhere: boolean, waitingElsewhere: boolean) => ClaimDecision): Promise<{ liveElsewhere: boolean; waitingElsewhere: boolean }>;
  /** the other live nodes' devices of the point, for the presiding consoles' `devices` notice */
  count(conferenceId: string, pointId: string): Promise<DeviceCount>;
  /** this node's live device of the point left: the cluster promotes the standby that waited longest, wherever it is */
  liveLeft(conferenceId: string, pointId: string): void;
}

/** How long a point's handshake waits for the other nodes' answer about its live device. */
const ADMIT_WAIT_MS = 2_000;

/**
 * Cluster mode: before a point's device is admitted, the other nodes are asked whether one of
 * them holds the point's live device, and this node's place is written under the point's lock
 * (two devices joining two nodes at once are decided one after the other). The database away:
 * the device is admitted by this node's devices alone, and the cluster's tick settles two live
 * devices later (devicesAcrossNodes.ts).
 */
export function devicesAcrossNodesMiddleware(connections: ConnectionRegistry, elsewhere: DevicesElsewhere, logger: Logger) {
  return (socket: GatewaySocket, next: (error?: Error) => void): void => {
    const { identity } = socket.data;
    const pointId = identity.principal.role === 'point' ? identity.principal.pointId : undefined;
    if (pointId === undefined) return next();
    let gaveUp = false;
    const decide = (liveElsewhere: boolean, waitingElsewhere: boolean): ClaimDecision => {
      // The handshake went on without this answer (past the bound): a claim that gets the point's
      // lock later writes nothing: it would count this device, registered by then, as if it were
      // still joining (a standby row for a device admitted live); the presence writer writes this
      // node's devices as they are.
      if (gaveUp) return null;
      const here = connections.ofPoint(identity.conferenceId, pointId).filter((c) => !c.ended);
      const liveHere = here.filter((c) => !c.standby).length;
      const standbyHere = here.length - liveHere;
      const waiting = waitingElsewhere || (liveHere === 0 && standbyHere > 0);
      const { standby } = admission(identity.link.secondDevice, liveHere > 0, liveElsewhere, waiting);
      // A standby is dated as waiting now, under the lock: its place in the cluster's queue; one
      // that waited on a connection it lost (its node died) keeps that connection's place.
      const { waitedAs } = socket.data;
      if (!standby) return { live: true, count: { live: 1, standby: standbyHere } };
      return { live: false, count: { live: liveHere, standby: standbyHere + 1 }, waiting: socket.id, ...(waitedAs !== undefined ? { waitedAs } : {}) };
    };
    // Bounded: a handshake never waits long on the other nodes (a database queue, a lock); past
    // the bound the device is admitted by this node's devices alone, and the tick settles it.
    let bound: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      bound = setTimeout(() => {
        gaveUp = true;
        reject(new Error(`no answer within ${ADMIT_WAIT_MS} ms`));
      }, ADMIT_WAIT_MS);
    });
    Promise.race([elsewhere.admit(identity.conferenceId, pointId, decide), late])
      .then(
        ({ liveElsewhere, waitingElsewhere }) => {
          socket.data.liveElsewhere = liveElsewhere;
          socket.data.waitingElsewhere = waitingElsewhere;
        },
        (error: unknown) => logger.warn({ conferenceId: identity.conferenceId, pointId, err: error }, 'the other nodes’ devices could not be read; the device is admitted by this node’s alone'),
      )
      .finally(() => {
        clearTimeout(bound);
        next();
      });
  };
}
