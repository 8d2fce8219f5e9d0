import type { Server, Socket } from 'socket.io';
import { PROTOCOL_VERSION, type MeetingEvent } from '../../shared/protocol/index.js';
import {
  CatchUpRequestSchema,
  GATEWAY_ERROR_CODES,
  MAX_COMMANDS_IN_FLIGHT,
  type Ack,
  type CatchUpAck,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/protocol/socket.js';
import type { Logger } from '../log/logger.js';
import type { MeetingRoom } from '../rooms/meetingCore.js';
import type { EventStore } from '../store/EventStore.js';
import { planCatchUp, sendCatchUp } from './catchUp.js';
import { gatewayPermits, parseCommandEnvelope, refusal } from './commands.js';
import type { Connection, ConnectionRegistry } from './connections.js';
import type { SessionData } from './handshake.js';
import type { PointDevicesPolicy } from './pointDevices.js';
import type { PresenceTracker } from './presence.js';

// One socket's life in a conference: admitted (live or standby), welcomed, caught up inside the
// room's queue, then commands and catch-up requests until it leaves or is ended. Every handler
// is wrapped: whatever a client sends, the worst it gets is a refusal in its ack.

export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SessionData>;
export type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SessionData>;

export interface SessionContext {
  readonly io: GatewayServer;
  readonly logger: Logger;
  readonly store: EventStore<MeetingEvent>;
  readonly connections: ConnectionRegistry;
  readonly devices: PointDevicesPolicy;
  readonly presence: PresenceTracker;
  readonly room: (conferenceId: string) => MeetingRoom | undefined;
  readonly now: () => number;
  readonly onCommand?: (ok: boolean) => void;
  /** more handlers for an admitted socket (the media signalling of server/gateway/media.ts) */
  readonly onSession?: (socket: GatewaySocket, connection: Connection) => void;
}

export const conferenceChannel = (conferenceId: string): string => `conf:${conferenceId}`;
/** chair and admin consoles: they are told about second devices on a point */
export const presidingChannel = (conferenceId: string): string => `conf:${conferenceId}:presiding`;

/** socket.io hands a listener its arguments as sent; the ack, if any, is the last one and a function. */
function splitAck(args: unknown[]): { payload: unknown; extra: number; ack: ((value: unknown) => void) | undefined } {
  const last = args[args.length - 1];
  const ack = typeof last === 'function' ? (last as (value: unknown) => void) : undefined;
  const values = ack ? args.slice(0, -1) : args;
  return { payload: values[0], extra: Math.max(0, values.length - 1), ack };
}

export function openSession(context: SessionContext, socket: GatewaySocket): void {
  const { identity, lastSeq } = socket.data;
  const room = context.room(identity.conferenceId);
  if (!room) {
    socket.disconnect(true);
    return;
  }
  const log = context.logger.child({ conferenceId: room.conferenceId, socketId: socket.id, role: identity.principal.role, pointId: identity.principal.pointId });
  const pointId = identity.principal.role === 'point' ? identity.principal.pointId : undefined;
  const admission = pointId !== undefined ? context.devices.admit(room.conferenceId, pointId, identity.link.secondDevice) : { standby: false, replaced: undefined };
  const connection: Connection = {
    socketId: socket.id,
    conferenceId: room.conferenceId,
    principal: identity.principal,
    linkId: identity.link.id,
    connectedAt: context.now(),
    standby: admission.standby,
    ended: false,
  };
  context.connections.add(connection);
  context.onSession?.(socket, connection);
  let inFlight = 0;
  let catchingUp = false;

  socket.on('command', (...args: unknown[]) => {
    const { payload, extra, ack } = splitAck(args);
    if (!ack) return; // nobody to tell; a command is never run unacknowledged
    const reply = (value: Ack) => ack(value);
    try {
      if (connection.ended) return reply(refusal('FORBIDDEN', 'this session has ended').ack);
      if (extra > 0) return reply(refusal('MALFORMED', 'one payload per message').ack);
      const parsed = parseCommandEnvelope(payload);
      if (!parsed.ok) {
        context.onCommand?.(false);
        return reply(parsed.ack);
      }
      const refused = gatewayPermits(parsed.command, identity.principal, connection.standby);
      if (refused) {
        context.onCommand?.(false);
        return reply(refused);
      }
      // One socket cannot fill its conference's queue: past this many unanswered commands it waits.
      if (inFlight >= MAX_COMMANDS_IN_FLIGHT) return reply(refusal('RATE_LIMITED', `at most ${MAX_COMMANDS_IN_FLIGHT} commands in flight per socket`).ack);
      inFlight++;
      room
        .submit(parsed.command, identity.principal)
        .then(
          (result) => {
            context.onCommand?.(result.ok);
            reply(result);
          },
          (error: unknown) => {
            log.error({ err: error }, 'command failed');
            reply(refusal('INTERNAL').ack);
          },
        )
        .finally(() => inFlight--);
    } catch (error) {
      log.error({ err: error }, 'command handler failed');
      reply(refusal('INTERNAL').ack);
    }
  });

  socket.on('catchUp', (...args: unknown[]) => {
    const { payload, extra, ack } = splitAck(args);
    if (!ack) return;
    const reply = (value: CatchUpAck) => ack(value);
    const parsed = CatchUpRequestSchema.safeParse(payload);
    if (!parsed.success || extra > 0) return reply({ ok: false, code: 'MALFORMED', message: `${GATEWAY_ERROR_CODES.MALFORMED} (expected { afterSeq })` });
    // A catch-up reads the log inside the room's queue; one at a time per socket keeps a client
    // from holding the whole conference up with repeated requests for everything.
    if (catchingUp) return reply({ ok: false, code: 'RATE_LIMITED', message: `${GATEWAY_ERROR_CODES.RATE_LIMITED} (one catch-up at a time)` });
    catchingUp = true;
    room
      .serially(async () => {
        const plan = planCatchUp(parsed.data.afterSeq, room.seq);
        await sendCatchUp(context.store, room.conferenceId, plan, (page) => socket.emit('catchUp', page));
        return plan;
      })
      .then(
        (plan) => reply({ ok: true, headSeq: plan.headSeq, reset: plan.reset }),
        (error: unknown) => {
          log.error({ err: error }, 'catch-up failed');
          reply({ ok: false, code: 'INTERNAL', message: GATEWAY_ERROR_CODES.INTERNAL });
        },
      )
      .finally(() => (catchingUp = false));
  });

  // A message nobody listens to (not ours, not the media handlers') is answered, not ignored.
  socket.onAny((event: string, ...args: unknown[]) => {
    if (socket.listeners(event as 'command').length > 0) return;
    const { ack } = splitAck(args);
    ack?.({ ok: false, code: 'UNKNOWN_MESSAGE', message: `${GATEWAY_ERROR_CODES.UNKNOWN_MESSAGE} (${String(event).slice(0, 64)})` });
  });

  socket.on('disconnect', () => {
    context.connections.end(socket.id, 'disconnected');
  });

  // Welcome and catch-up run inside the room's queue: no live event can overtake them, and the
  // socket joins the broadcast channel right after the last page.
  room
    .serially(async () => {
      if (connection.ended || socket.disconnected) return;
      const plan = planCatchUp(lastSeq, room.seq);
      socket.emit('welcome', {
        protocolVersion: PROTOCOL_VERSION,
        conferenceId: room.conferenceId,
        principal: identity.principal,
        linkId: identity.link.id,
        standby: connection.standby,
        headSeq: plan.headSeq,
        expiresAt: identity.link.expiresAt,
      });
      await sendCatchUp(context.store, room.conferenceId, plan, (page) => socket.emit('catchUp', page));
      await socket.join(conferenceChannel(room.conferenceId));
      if (identity.principal.role === 'chair' || identity.principal.role === 'admin') await socket.join(presidingChannel(room.conferenceId));
    })
    .catch((error: unknown) => {
      log.error({ err: error }, 'catch-up on join failed; closing the socket so the client retries');
      socket.disconnect(true);
    });

  if (pointId !== undefined) {
    context.devices.joined(connection, admission.replaced);
    context.presence.deviceJoined(room.conferenceId, pointId).catch((error: unknown) => log.error({ err: error }, 'presence (online) failed'));
  }
  log.info({ standby: connection.standby, lastSeq }, 'socket joined');
}
