import { Manager, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/socket.js';
import { addressOf, originOf } from './nodes.js';

// The console's one socket.io socket, made in one place: by MeetingConnection, or earlier, by a
// point's first script (earlySocket.ts), which the connection then adopts. No zod here (only
// types of the protocol): the first script must not wait for the schemas.

export type SocketLike = Socket<ServerToClientEvents, ClientToServerEvents>;

export type SocketAuth = { token: string; lastSeq: number; conferenceId?: string; region?: string; waitedAs?: string };

/** The socket, its Manager (which a cluster's failover points at another node) and the node it goes to now. */
export interface MeetingSocket {
  readonly socket: SocketLike;
  readonly manager: Manager;
  /** the origin of the node the socket goes to now */
  node: string;
}

/**
 * A socket not yet connected, to `url` (default: the page's own origin); `auth` is asked again on
 * every attempt (it carries the seq held by then). socket.io's own reconnection is off: the
 * connection runs the schedule, and reconnecting the same Socket keeps every listener.
 */
export function meetingSocket(url: string | undefined, auth: () => SocketAuth): MeetingSocket {
  const node = originOf(url ?? '', typeof location !== 'undefined' ? location.href : undefined) ?? '';
  // The Manager is made without a URI so that its address (opts.hostname, port, secure) can be
  // changed to another node's between attempts; with a URI, engine.io would reread the URI.
  const manager = new Manager({
    ...(node ? addressOf(node) : {}),
    autoConnect: false,
    reconnection: false,
    // WebSocket first: polling-then-upgrade costs three HTTP round trips and a probe before the
    // welcome. A proxy that blocks WebSocket still gets through: the next transport (long
    // polling) is tried when the first fails.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
  });
  const socket: SocketLike = manager.socket('/', { auth: (cb) => cb(auth()) });
  return { socket, manager, node };
}

/** Points the socket's Manager at another node; the next connect goes there. */
export function pointAt(made: MeetingSocket, origin: string): void {
  if (origin === made.node) return;
  Object.assign(made.manager.opts, addressOf(origin));
  made.node = origin;
}
