import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { MeetingEvent } from '../../shared/protocol/index.js';
import { GATEWAY_ERROR_CODES } from '../../shared/protocol/socket.js';
import type { Authenticator } from '../auth/authenticate.js';
import type { LinkRegistry } from '../auth/linkRegistry.js';
import type { Logger } from '../log/logger.js';
import { onlinePointIds, type MeetingRoom, type MeetingRooms } from '../rooms/meetingCore.js';
import type { EventStore } from '../store/EventStore.js';
import type { Connection, ConnectionRegistry, EndReason } from './connections.js';
import { handshakeMiddleware } from './handshake.js';
import { PointDevicesPolicy } from './pointDevices.js';
import { PresenceTracker } from './presence.js';
import { conferenceChannel, openSession, presidingChannel, type GatewayServer, type GatewaySocket } from './session.js';

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
  readonly trustProxy: boolean;
  /** origins a browser may connect from, besides the server's own host */
  readonly allowedOrigins: readonly string[];
  readonly presenceGraceMs: number;
  readonly now?: () => number;
  readonly onCommand?: (accepted: boolean) => void;
  /** more handlers for each admitted socket (media signalling) */
  readonly onSession?: (socket: GatewaySocket, connection: Connection) => void;
}

export interface Gateway {
  readonly io: GatewayServer;
  readonly presence: PresenceTracker;
  endSession(socketId: string, reason: Exclude<EndReason, 'disconnected'>): void;
  close(): Promise<void>;
}

/**
 * Browsers always send Origin on a WebSocket or XHR; a page of another site must not ride on a
 * delegate's browser. Same host as the request, or one of the configured origins. Non-browser
 * clients send none and prove themselves with the token alone.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function createGateway(options: GatewayOptions): Gateway {
  const { logger, rooms, connections, links } = options;
  const now = options.now ?? Date.now;
  const io: GatewayServer = new Server(options.httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_HTTP_BUFFER_SIZE,
    allowRequest: (req, callback) => {
      const ok = originAllowed(req, options.allowedOrigins);
      if (!ok) logger.warn({ origin: req.headers.origin }, 'socket refused: origin not allowed');
      callback(ok ? null : 'ORIGIN_REFUSED', ok);
    },
  });

  const expiryTimers = new Map<string, NodeJS.Timeout>();

  const endSession = (socketId: string, reason: Exclude<EndReason, 'disconnected'>): void => {
    const socket = io.sockets.sockets.get(socketId);
    connections.end(socketId, reason);
    if (!socket) return;
    socket.emit('sessionEnded', { code: reason, message: GATEWAY_ERROR_CODES[reason] });
    socket.disconnect(true);
  };

  const devices = new PointDevicesPolicy(connections, {
    replace: (connection) => endSession(connection.socketId, 'SESSION_REPLACED'),
    standbyChanged: (connection) => io.sockets.sockets.get(connection.socketId)?.emit('standby', { standby: connection.standby }),
    toPresidingConsoles: (conferenceId, notice) => io.to(presidingChannel(conferenceId)).emit('devices', notice),
  });

  const presence = new PresenceTracker({
    graceMs: options.presenceGraceMs,
    isOnline: (conferenceId, pointId) => rooms.get(conferenceId)?.state.presence[pointId]?.online ?? false,
    hasDevice: (conferenceId, pointId) => devices.hasDevice(conferenceId, pointId),
    submit: async (conferenceId, type, pointId) => {
      const room = rooms.get(conferenceId);
      if (!room) return;
      const result = await room.submit({ type, pointId }, { role: 'system' });
      if (!result.ok) logger.warn({ conferenceId, pointId, type, code: result.code }, 'presence command refused');
    },
  });

  const armExpiry = (connection: Connection, expiresAt: number): void => {
    const wait = Math.min(expiresAt - now(), 2 ** 31 - 1);
    const timer = setTimeout(() => {
      expiryTimers.delete(connection.socketId);
      if (connection.ended) return;
      if (now() >= expiresAt) endSession(connection.socketId, 'TOKEN_EXPIRED');
      else armExpiry(connection, expiresAt);
    }, Math.max(0, wait));
    timer.unref();
    expiryTimers.set(connection.socketId, timer);
  };

  connections.on('added', (connection) => {
    const socket = io.sockets.sockets.get(connection.socketId);
    if (socket) armExpiry(connection, socket.data.identity.link.expiresAt);
  });
  connections.on('ended', (connection, reason) => {
    clearTimeout(expiryTimers.get(connection.socketId));
    expiryTimers.delete(connection.socketId);
    const pointId = connection.principal.pointId;
    if (connection.principal.role !== 'point' || pointId === undefined) return;
    if (reason !== 'SESSION_REPLACED') devices.left(connection);
    presence.deviceLeft(connection.conferenceId, pointId);
  });

  links.on('revoked', (link) => {
    for (const connection of connections.ofLink(link.id)) endSession(connection.socketId, 'TOKEN_REVOKED');
  });

  const fanOut = (room: MeetingRoom): void => {
    room.on('appended', (events) => {
      io.to(conferenceChannel(room.conferenceId)).emit('events', { conferenceId: room.conferenceId, events: events.map((e) => ({ seq: e.seq, event: e.event })) });
    });
  };
  for (const room of rooms.list()) {
    fanOut(room);
    presence.afterLoad(room.conferenceId, onlinePointIds(room.state));
  }
  rooms.on('room', fanOut);

  io.use(
    handshakeMiddleware({
      authenticator: options.authenticator,
      logger,
      trustProxy: options.trustProxy,
      unavailable: (conferenceId) => rooms.failure(conferenceId),
    }),
  );
  io.on('connection', (socket) => {
    try {
      openSession(
        {
          io,
          logger,
          store: options.store,
          connections,
          devices,
          presence,
          room: (id) => rooms.get(id),
          now,
          ...(options.onCommand ? { onCommand: options.onCommand } : {}),
          ...(options.onSession ? { onSession: options.onSession } : {}),
        },
        socket,
      );
    } catch (error) {
      logger.error({ err: error }, 'session could not be opened');
      socket.disconnect(true);
    }
  });

  return {
    io,
    presence,
    endSession,
    close: async () => {
      presence.close();
      for (const timer of expiryTimers.values()) clearTimeout(timer);
      expiryTimers.clear();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}
