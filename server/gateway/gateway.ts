import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { entryOf } from '../../shared/meeting/buckets.js';
import { SCOPE_CHANGING_EVENTS } from '../../shared/meeting/read-policy.js';
import { shownAlikeToAll } from '../../shared/meeting/read-projection.js';
import type { MeetingEvent } from '../../shared/protocol/index.js';
import type { Authenticator } from '../auth/authenticate.js';
import type { LinkRegistry } from '../auth/linkRegistry.js';
import type { CommandService } from '../commands/commandService.js';
import type { TrustProxy } from '../http/clientAddress.js';
import type { Logger } from '../log/logger.js';
import { onlinePointIds, type MeetingRoom, type MeetingRooms } from '../rooms/meetingCore.js';
import { projectStored, readerOf, type ProjectedEvents } from '../rooms/readView.js';
import type { EventStore } from '../store/EventStore.js';
import type { PointDevices } from '../../shared/protocol/socket.js';
import type { Connection, ConnectionRegistry, EndReason } from './connections.js';
import { AudienceChannels } from './audienceChannels.js';
import { HandshakeRefusedError, handshakeMiddleware, type JoinTimer } from './handshake.js';
import { devicesAcrossNodesMiddleware, type DevicesElsewhere } from './devicesAdmission.js';
import { PointDevicesPolicy, withElsewhere } from './pointDevices.js';
import { PresenceTracker } from './presence.js';
import { audienceChannel, catchUpSocket, openSession, presidingChannel, type GatewayServer, type GatewaySocket, type SessionContext } from './session.js';

// The socket.io side of the server: one io on the HTTP(S) server, the handshake, one session per
// socket, the fan-out of each room's new events to its conference's sockets, and the sessions
// the server ends itself (a revoked link, an expired one, a device taken over).

/** Biggest frame socket.io reads at all; a bigger one closes that connection (engine.io's rule). */
export const MAX_HTTP_BUFFER_SIZE = 256 * 1024;

export interface GatewayOptions {
  readonly httpServer: HttpServer;
  readonly logger: Logger;
  readonly rooms: MeetingRooms;
  readonly store: EventStore<MeetingEvent>;
  readonly authenticator: Authenticator;
  readonly links: LinkRegistry;
  readonly connections: ConnectionRegistry;
  readonly trustProxy: TrustProxy;
  /** the origins (scheme, host, port) a browser may connect from: the public URL's and HOINGHI_ALLOWED_ORIGINS */
  readonly allowedOrigins: () => readonly string[];
  readonly presenceGraceMs: number;
  /**
   * Whether points the log says are online but have no device here are recorded offline after the
   * grace (default true). Not in cluster mode: their device may be connected to another node.
   */
  readonly presenceAfterLoad?: boolean;
  /** cluster mode: whether another live node holds a device of the point (its departure is then not recorded) */
  readonly presenceElsewhere?: (conferenceId: string, pointId: string) => Promise<boolean>;
  /** cluster mode: the point's devices on the other nodes (one live device per point across nodes) */
  readonly devicesElsewhere?: DevicesElsewhere;
  readonly now?: () => number;
  /** where every command of a socket goes (and the presence commands) */
  readonly commands: CommandService;
  /** more handlers for each admitted socket (media signalling) */
  readonly onSession?: (socket: GatewaySocket, connection: Connection) => void;
  /**
   * engine.io's heartbeat (default socket.io's 25 s + 20 s). Cluster mode shortens it: a client
   * whose node went silent must notice soon to move to another node.
   */
  readonly heartbeat?: { readonly intervalMs: number; readonly timeoutMs: number };
  /** the server's time for the steps of a join (the node's join-step metrics) */
  readonly timeJoin?: JoinTimer;
}

export type { DevicesElsewhere } from './devicesAdmission.js';

export interface Gateway {
  readonly io: GatewayServer;
  readonly presence: PresenceTracker;
  /** one live device per point (cluster mode replaces and promotes through it) */
  readonly devices: PointDevicesPolicy;
  endSession(socketId: string, reason: Exclude<EndReason, 'disconnected'>): void;
  close(): Promise<void>;
}

/**
 * Browsers always send Origin on a WebSocket or XHR; a page of another site must not ride on a
 * delegate's browser. The origin must be one of the configured ones, scheme included: comparing
 * with the request's own Host let `Host: evil.example` + `Origin: http://evil.example` in, and an
 * http page could pass for the https one (issue 14, finding 5). Non-browser clients send no
 * Origin and prove themselves with the token alone.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  const given = serializedOrigin(origin);
  return given !== undefined && allowed.some((a) => serializedOrigin(a) === given);
}

function serializedOrigin(text: string): string | undefined {
  try {
    const origin = new URL(text).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The origin check as the first socket.io middleware, so a refusal reaches the client as the
 * `connect_error` with `data: { code: 'ORIGIN_REFUSED' }` that PROTOCOL.md promises (socket.io's
 * allowRequest could only answer a bare HTTP 400: finding 6), before any token is looked at.
 */
function originMiddleware(options: GatewayOptions) {
  return (socket: GatewaySocket, next: (error?: Error) => void): void => {
    const origin = socket.handshake.headers.origin;
    if (originAllowed(origin, options.allowedOrigins())) return next();
    options.logger.warn({ origin: origin?.slice(0, 200) }, 'socket refused: origin not allowed');
    next(new HandshakeRefusedError('ORIGIN_REFUSED'));
  };
}

export function createGateway(options: GatewayOptions): Gateway {
  const now = options.now ?? Date.now;
  const io = createIo(options);
  const endSession = sessionEnder(io, options.connections);
  const devices = pointDevices(io, options.connections, endSession, options.devicesElsewhere, options.logger);
  const presence = new PresenceTracker({
    graceMs: options.presenceGraceMs,
    isOnline: (conferenceId, pointId) => {
      const presence = options.rooms.get(conferenceId)?.state.presence;
      return presence !== undefined && (entryOf(presence, pointId)?.online ?? false);
    },
    hasDevice: (conferenceId, pointId) => devices.hasDevice(conferenceId, pointId),
    submit: async (conferenceId, type, pointId) => {
      const result = await options.commands.system(conferenceId, { type, pointId });
      // NO_CHANGE: another node recorded it first (cluster mode).
      if (!result.ok && result.code !== 'UNKNOWN_CONFERENCE' && result.code !== 'NO_CHANGE') options.logger.warn({ conferenceId, pointId, type, code: result.code }, 'presence command refused');
    },
    ...(options.presenceElsewhere ? { elsewhere: options.presenceElsewhere } : {}),
  });
  const expiry = endExpiredSessions(io, options.connections, now, endSession);
  followDepartures(options.connections, devices, presence);
  options.links.on('revoked', (link) => {
    for (const connection of options.connections.ofLink(link.id)) endSession(connection.socketId, 'TOKEN_REVOKED');
  });
  fanOutEvents(io, options.rooms, options.presenceAfterLoad === false ? undefined : presence, options.store, options.logger);
  acceptSessions(io, options, { io, logger: options.logger, store: options.store, connections: options.connections, devices, presence, room: (id) => options.rooms.get(id), now, commands: options.commands, links: options.links });

  return {
    io,
    presence,
    devices,
    endSession,
    close: async () => {
      presence.close();
      expiry.close();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}

/** One io on the HTTP(S) server; a request from a foreign origin never becomes a socket (originMiddleware). */
function createIo(options: GatewayOptions): GatewayServer {
  return new Server(options.httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_HTTP_BUFFER_SIZE,
    // Long polling from a page of another allowed origin (a cluster's node whose page opened a
    // socket to this one) needs CORS headers; WebSocket does not. The same list as the origin
    // check, which still refuses every other origin at the handshake.
    cors: { origin: (origin, callback) => callback(null, origin !== undefined && originAllowed(origin, options.allowedOrigins())) },
    ...(options.heartbeat ? { pingInterval: options.heartbeat.intervalMs, pingTimeout: options.heartbeat.timeoutMs } : {}),
  });
}

/** The server ends a session itself: the socket is told why, then closed. */
function sessionEnder(io: GatewayServer, connections: ConnectionRegistry): Gateway['endSession'] {
  return (socketId, reason) => {
    const socket = io.sockets.sockets.get(socketId);
    connections.end(socketId, reason);
    if (!socket) return;
    socket.emit('sessionEnded', { code: reason, message: '' });
    socket.disconnect(true);
  };
}

/**
 * A point's devices: one live, others standby or taking over; the presiding consoles are told.
 * In cluster mode the notice counts the other nodes' devices too (it reaches every node's
 * consoles through the Redis adapter); if they cannot be read, this node's alone.
 */
function pointDevices(io: GatewayServer, connections: ConnectionRegistry, endSession: Gateway['endSession'], elsewhere: DevicesElsewhere | undefined, logger: Logger): PointDevicesPolicy {
  const toPresiding = (conferenceId: string, notice: PointDevices) => io.to(presidingChannel(conferenceId)).emit('devices', notice);
  return new PointDevicesPolicy(connections, {
    replace: (connection) => endSession(connection.socketId, 'SESSION_REPLACED'),
    standbyChanged: (connection) => io.sockets.sockets.get(connection.socketId)?.emit('standby', { standby: connection.standby }),
    toPresidingConsoles: (conferenceId, notice) => {
      if (!elsewhere) return toPresiding(conferenceId, notice);
      elsewhere.count(conferenceId, notice.pointId).then(
        (count) => toPresiding(conferenceId, withElsewhere(notice, count)),
        (error: unknown) => {
          logger.warn({ conferenceId, pointId: notice.pointId, err: error }, 'the other nodes’ devices could not be read; the chair is told this node’s');
          toPresiding(conferenceId, notice);
        },
      );
    },
  }, elsewhere ? { liveLeft: (conferenceId, pointId) => elsewhere.liveLeft(conferenceId, pointId) } : undefined);
}

/** Each session ends when its link expires (timers re-armed past setTimeout's 24.8-day ceiling). */
function endExpiredSessions(io: GatewayServer, connections: ConnectionRegistry, now: () => number, endSession: Gateway['endSession']): { close(): void } {
  const timers = new Map<string, NodeJS.Timeout>();
  const arm = (connection: Connection, expiresAt: number): void => {
    const wait = Math.min(expiresAt - now(), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      timers.delete(connection.socketId);
      if (connection.ended) return;
      if (now() >= expiresAt) endSession(connection.socketId, 'TOKEN_EXPIRED');
      else arm(connection, expiresAt);
    }, Math.max(0, wait));
    timer.unref();
    timers.set(connection.socketId, timer);
  };
  connections.on('added', (connection) => {
    const socket = io.sockets.sockets.get(connection.socketId);
    if (socket) arm(connection, socket.data.identity.link.expiresAt);
  });
  connections.on('ended', (connection) => {
    clearTimeout(timers.get(connection.socketId));
    timers.delete(connection.socketId);
  });
  return {
    close: () => {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** A point's device that leaves frees its place and, if it was the last, starts the grace period. */
function followDepartures(connections: ConnectionRegistry, devices: PointDevicesPolicy, presence: PresenceTracker): void {
  connections.on('ended', (connection, reason) => {
    const pointId = connection.principal.pointId;
    if (connection.principal.role !== 'point' || pointId === undefined) return;
    if (reason !== 'SESSION_REPLACED') devices.left(connection);
    presence.deviceLeft(connection.conferenceId, pointId);
  });
}

/**
 * Each room's new events go to its conference's sockets, projected once per audience (readView.ts:
 * a point gets its own point's attendance, an observer the public meeting, R-READ-4); a batch that
 * changes what a reader may read rebuilds those readers (R-READ-5). Points online in a replayed
 * log get their grace (not in cluster mode: their devices may be on another node). Local only,
 * also with the Redis adapter: in cluster mode every node's room reads the log itself and sends
 * its own sockets what it read, in order.
 */
function fanOutEvents(io: GatewayServer, rooms: MeetingRooms, presence: PresenceTracker | undefined, store: EventStore<MeetingEvent>, logger: Logger): void {
  const audiences = new AudienceChannels(io);
  const fanOut = (room: MeetingRoom): void => {
    room.on('appended', (events) => {
      // Audiences shown the same message share one broadcast: socket.io encodes a broadcast once
      // for all its sockets, and each point is an audience of its own (it reads its own point's
      // attendance), so one emit per audience encoded every batch ~100 times per conference.
      const broadcasts = new Map<string, { channels: string[]; shown: ProjectedEvents }>();
      // Events every reader is shown as they are (the public meeting): no projection per audience.
      const alike: ProjectedEvents | null = events.every((e) => shownAlikeToAll(e.event)) ? { events: events.map(({ seq, event }) => ({ seq, event })), withheld: [] } : null;
      // 'appended' fires inside the room's queue, so room.state is the head these events made.
      for (const channel of audiences.of(room.conferenceId)) {
        // Everyone in an audience reads the same: any one member's principal gives its scope.
        const member = firstSocketOf(io, io.sockets.adapter.rooms.get(channel));
        // (a conference whose id begins with another's and ':read:' shares the prefix: not its members)
        if (!member || member.data.identity.conferenceId !== room.conferenceId) continue;
        const shown = alike ?? projectStored(room.state, readerOf(room.state, member.data.identity.principal).scope, events);
        const key = sameMessageKey(events, shown) ?? channel;
        const group = broadcasts.get(key);
        if (group) group.channels.push(channel);
        else broadcasts.set(key, { channels: [channel], shown });
      }
      for (const { channels, shown } of broadcasts.values()) {
        // Local: with an adapter every node's room reads the log itself and serves its own sockets.
        io.local.to(channels).emit('events', { conferenceId: room.conferenceId, events: shown.events, ...(shown.withheld.length > 0 ? { withheld: shown.withheld } : {}) });
      }
      if (events.some((e) => SCOPE_CHANGING_EVENTS.has(e.event.type))) rebuildChangedReaders(io, room, store, logger);
    });
  };
  for (const room of rooms.list()) {
    fanOut(room);
    presence?.expectBack(room.conferenceId, onlinePointIds(room.state));
  }
  rooms.on('room', fanOut);
}

/**
 * A key equal for two projections of `stored` exactly when they are the same message: each event
 * shown untouched (the very object) or withheld, and the same ones withheld. Null when the
 * projection trimmed an event (a copy made for this audience): it is then sent on its own.
 */
function sameMessageKey(stored: readonly { seq: number; event: MeetingEvent }[], shown: ProjectedEvents): string | null {
  if (shown.events.length + shown.withheld.length !== stored.length) return null;
  let i = 0;
  for (const { seq, event } of stored) {
    if (shown.events[i]?.seq !== seq) continue;
    if (shown.events[i]!.event !== event) return null;
    i++;
  }
  return shown.withheld.join(',');
}

function firstSocketOf(io: GatewayServer, socketIds: ReadonlySet<string> | undefined): GatewaySocket | undefined {
  if (!socketIds) return undefined;
  for (const id of socketIds) {
    const socket = io.sockets.sockets.get(id);
    if (socket) return socket;
  }
  return undefined;
}

/**
 * Readers whose audience no longer matches what they may read leave it at once (no live event
 * reaches them under the old scope) and get the whole projected log again with `reset`, inside
 * the room's queue, before they join their new audience (R-READ-5).
 */
function rebuildChangedReaders(io: GatewayServer, room: MeetingRoom, store: EventStore<MeetingEvent>, logger: Logger): void {
  for (const socket of io.sockets.sockets.values()) {
    const { audience, identity } = socket.data;
    if (audience === undefined || identity.conferenceId !== room.conferenceId) continue;
    if (readerOf(room.state, identity.principal).audience === audience) continue;
    void socket.leave(audienceChannel(room.conferenceId, audience));
    socket.data.audience = undefined;
    room
      .serially(async () => {
        if (socket.disconnected) return;
        await catchUpSocket({ store }, socket, room, Number.MAX_SAFE_INTEGER, true);
      })
      .catch((error: unknown) => {
        logger.error({ err: error, socketId: socket.id }, 'rebuilding a reader failed; closing the socket so the client retries');
        socket.disconnect(true);
      });
  }
}

/** The handshake, then one session per admitted socket. */
function acceptSessions(io: GatewayServer, options: GatewayOptions, context: SessionContext): void {
  io.use(originMiddleware(options));
  io.use(
    handshakeMiddleware({
      authenticator: options.authenticator,
      logger: options.logger,
      trustProxy: options.trustProxy,
      unavailable: (conferenceId) => options.rooms.failure(conferenceId),
      ...(options.timeJoin ? { timed: options.timeJoin } : {}),
    }),
  );
  if (options.devicesElsewhere) io.use(devicesAcrossNodesMiddleware(options.connections, options.devicesElsewhere, options.logger));
  const session: SessionContext = { ...context, ...(options.onSession ? { onSession: options.onSession } : {}), ...(options.timeJoin ? { timeJoin: options.timeJoin } : {}) };
  io.on('connection', (socket) => {
    try {
      openSession(session, socket);
    } catch (error) {
      options.logger.error({ err: error }, 'session could not be opened');
      socket.disconnect(true);
    }
  });
}
