import { EventEmitter } from 'node:events';
import type { Principal } from '../../shared/protocol/index.js';

// Who every socket is. Filled by the gateway when a handshake is accepted, emptied on disconnect.
// The media handlers (media*.ts) ask here before they let a socket send or receive media:
// `connections.get(socket.id)` says which conference and principal it is, `canSendMedia` whether
// it is the live device of its point (a standby or a replaced device must not send).

export interface Connection {
  readonly socketId: string;
  readonly conferenceId: string;
  readonly principal: Principal;
  readonly linkId: string;
  readonly connectedAt: number;
  /** a second device on a point link, waiting; it receives but neither commands nor sends media */
  standby: boolean;
  /** set once the session is over (revoked, replaced, expired, disconnected); never cleared */
  ended: boolean;
}

export type EndReason = 'disconnected' | 'TOKEN_REVOKED' | 'TOKEN_EXPIRED' | 'SESSION_REPLACED';

interface ConnectionEvents {
  /** a socket's session was accepted */
  added: [connection: Connection];
  /** the session ended: media must close this socket's producers and consumers at once */
  ended: [connection: Connection, reason: EndReason];
  /** a standby became live or a live device was put on standby */
  standbyChanged: [connection: Connection];
}

export class ConnectionRegistry extends EventEmitter<ConnectionEvents> {
  readonly #bySocket = new Map<string, Connection>();
  /**
   * A point's devices, by conference and point. Asked at every join, departure and presence check
   * (several times per device): a scan of every socket there made the joins of 1,000 points
   * quadratic, 5.7 % of a node's busy time in bench:cluster's fan-out phase at 3,300 sockets.
   */
  readonly #byPoint = new Map<string, Set<Connection>>();

  add(connection: Connection): void {
    this.#bySocket.set(connection.socketId, connection);
    const key = pointKey(connection);
    if (key !== undefined) {
      const devices = this.#byPoint.get(key);
      if (devices) devices.add(connection);
      else this.#byPoint.set(key, new Set([connection]));
    }
    this.emit('added', connection);
  }

  get(socketId: string): Connection | undefined {
    return this.#bySocket.get(socketId);
  }

  /** Ends a session; idempotent. The first reason wins (a revoked socket then disconnects). */
  end(socketId: string, reason: EndReason): Connection | undefined {
    const connection = this.#bySocket.get(socketId);
    if (!connection) return undefined;
    this.#bySocket.delete(socketId);
    const key = pointKey(connection);
    const devices = key === undefined ? undefined : this.#byPoint.get(key);
    if (devices?.delete(connection) && devices.size === 0) this.#byPoint.delete(key!);
    if (!connection.ended) {
      connection.ended = true;
      this.emit('ended', connection, reason);
    }
    return connection;
  }

  setStandby(socketId: string, standby: boolean): void {
    const connection = this.#bySocket.get(socketId);
    if (!connection || connection.standby === standby) return;
    connection.standby = standby;
    this.emit('standbyChanged', connection);
  }

  /**
   * Whether this socket may send media: the live device of a point (the central point included;
   * its camera is the chair's). Chair, clerk, admin and observer consoles only receive.
   */
  canSendMedia(socketId: string): boolean {
    const c = this.#bySocket.get(socketId);
    return c !== undefined && !c.ended && !c.standby && c.principal.role === 'point';
  }

  ofConference(conferenceId: string): Connection[] {
    return [...this.#bySocket.values()].filter((c) => c.conferenceId === conferenceId);
  }

  /** The conferences this node has sessions of. */
  conferenceIds(): Set<string> {
    return new Set([...this.#bySocket.values()].map((c) => c.conferenceId));
  }

  ofLink(linkId: string): Connection[] {
    return [...this.#bySocket.values()].filter((c) => c.linkId === linkId);
  }

  ofPoint(conferenceId: string, pointId: string): Connection[] {
    return [...(this.#byPoint.get(`${conferenceId}\u0000${pointId}`) ?? [])];
  }

  /** Sockets per role, for /metrics. */
  countByRole(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of this.#bySocket.values()) counts.set(c.principal.role, (counts.get(c.principal.role) ?? 0) + 1);
    return counts;
  }

  /** Sockets per conference and role, for the authenticated part of /metrics. */
  countByConference(): Map<string, Map<string, number>> {
    const counts = new Map<string, Map<string, number>>();
    for (const c of this.#bySocket.values()) {
      const byRole = counts.get(c.conferenceId) ?? new Map<string, number>();
      byRole.set(c.principal.role, (byRole.get(c.principal.role) ?? 0) + 1);
      counts.set(c.conferenceId, byRole);
    }
    return counts;
  }

  get size(): number {
    return this.#bySocket.size;
  }
}

/** A point's device's key in the index (conference and point ids hold no NUL); undefined for other roles. */
function pointKey(c: Connection): string | undefined {
  return c.principal.role === 'point' && c.principal.pointId !== undefined ? `${c.conferenceId}\u0000${c.principal.pointId}` : undefined;
}
