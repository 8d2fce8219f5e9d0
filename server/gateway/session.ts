import type { Server, Socket } from 'socket.io';
import { PROTOCOL_VERSION, type MeetingEvent } from '../../shared/protocol/index.js';
import {
  CatchUpRequestSchema,
  type Ack,
  type CatchUpAck,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/protocol/socket.js';
import { hasEntry } from '../../shared/meeting/buckets.js';
import type { LinkRegistry } from '../auth/linkRegistry.js';
import type { CommandService } from '../commands/commandService.js';
import { refusalAck } from '../commands/envelope.js';
import type { Logger } from '../log/logger.js';
import type { MeetingRoom } from '../rooms/meetingCore.js';
import { projectStored, readerOf } from '../rooms/readView.js';
import type { EventStore } from '../store/EventStore.js';
import { planCatchUp, sendCatchUp, type CatchUpPlan } from './catchUp.js';
import type { Connection, ConnectionRegistry } from './connections.js';
import type { JoinTimer, SessionData } from './handshake.js';
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
  readonly commands: CommandService;
  /** where link openings are counted (absent in tests of the gateway alone) */
  readonly links?: LinkRegistry;
  /** more handlers for an admitted socket (the media signalling of server/gateway/media.ts) */
  readonly onSession?: (socket: GatewaySocket, connection: Connection) => void;
  /** the server's time for the welcome and the catch-up of a join */
  readonly timeJoin?: JoinTimer;
}

export const conferenceChannel = (conferenceId: string): string => `conf:${conferenceId}`;
/** chair and admin consoles: they are told about second devices on a point */
export const presidingChannel = (conferenceId: string): string => `conf:${conferenceId}:presiding`;
/** The sockets shown the same projection of the log (readView.ts): live events go out once per audience. */
export const AUDIENCE_PREFIX = (conferenceId: string): string => `conf:${conferenceId}:read:`;
export const audienceChannel = (conferenceId: string, audience: string): string => `${AUDIENCE_PREFIX(conferenceId)}${audience}`;

/**
 * Sends `socket` the log after `afterSeq` as its principal may read it, then (when `join`) puts
 * it in its audience's channel. Called inside the room's queue, so no live event overtakes it.
 */
export async function catchUpSocket(context: Pick<SessionContext, 'store'>, socket: GatewaySocket, room: MeetingRoom, afterSeq: number | undefined, join: boolean): Promise<CatchUpPlan> {
  const plan = planCatchUp(afterSeq, room.seq);
  const { principal } = socket.data.identity;
  await sendCatchUp(
    context.store,
    room.conferenceId,
    plan,
    (events) => projectStored(room.state, readerOf(room.state, principal).scope, events),
    (page) => socket.emit('catchUp', page),
  );
  if (join) {
    const audience = readerOf(room.state, principal).audience;
    if (socket.data.audience !== undefined && socket.data.audience !== audience) await socket.leave(audienceChannel(room.conferenceId, socket.data.audience));
    socket.data.audience = audience;
    await socket.join(audienceChannel(room.conferenceId, audience));
  }
  return plan;
}

/** socket.io hands a listener its arguments as sent; the ack, if any, is the last one and a function. */
function splitAck(args: unknown[]): { payload: unknown; extra: number; ack: ((value: unknown) => void) | undefined } {
  const last = args[args.length - 1];
  const ack = typeof last === 'function' ? (last as (value: unknown) => void) : undefined;
  const values = ack ? args.slice(0, -1) : args;
  return { payload: values[0], extra: Math.max(0, values.length - 1), ack };
}

export function openSession(context: SessionContext, socket: GatewaySocket): void {
  const room = context.room(socket.data.identity.conferenceId);
  if (!room) {
    socket.disconnect(true);
    return;
  }
  const { identity, lastSeq } = socket.data;
  const log = context.logger.child({ conferenceId: room.conferenceId, socketId: socket.id, role: identity.principal.role, pointId: identity.principal.pointId });
  const { connection, replaced, tookOverElsewhere } = admit(context, socket, room);
  context.onSession?.(socket, connection);
  answerCommands(context, socket, connection);
  answerCatchUps(context, socket, room, log);
  answerUnknownMessages(socket);
  socket.on('disconnect', () => context.connections.end(socket.id, 'disconnected'));
  welcome(context, socket, connection, room, log);
  if (connection.principal.role === 'point' && connection.principal.pointId !== undefined) {
    const pointId = connection.principal.pointId;
    context.devices.joined(connection, replaced, tookOverElsewhere);
    context.presence.deviceJoined(room.conferenceId, pointId).catch((error: unknown) => log.error({ err: error }, 'presence (online) failed'));
  }
  recordLinkOpen(context, socket, room, log);
  log.info({ standby: connection.standby, lastSeq }, 'socket joined');
}

/**
 * Who opened which link and when (the organiser's link table and line-test board): every
 * opening is counted beside the link; the first one also enters the log (R-ORG-5). A server
 * admin's link is not a conference's, so it is not recorded in one.
 */
function recordLinkOpen(context: SessionContext, socket: GatewaySocket, room: MeetingRoom, log: Logger): void {
  const { identity } = socket.data;
  if (identity.serverAdmin || !context.links) return;
  const { link, principal } = identity;
  context.links
    .recordOpen(room.conferenceId, link.id)
    .then(({ first }) => {
      if (!first && hasEntry(room.state.lineTest.linkOpens, link.id)) return undefined;
      const role = principal.role === 'system' ? undefined : principal.role;
      if (role === undefined) return undefined;
      return context.commands.system(room.conferenceId, {
        type: 'recordLinkOpened',
        linkId: link.id,
        role,
        ...(principal.pointId !== undefined && role === 'point' ? { pointId: principal.pointId } : {}),
      });
    })
    .catch((error: unknown) => log.error({ err: error }, 'link opening not recorded'));
}

/** A point's device is admitted live or as a standby (and may take over from another); others are live. */
function admit(context: SessionContext, socket: GatewaySocket, room: MeetingRoom): { connection: Connection; replaced: Connection | undefined; tookOverElsewhere: boolean } {
  const { identity } = socket.data;
  const pointId = identity.principal.role === 'point' ? identity.principal.pointId : undefined;
  const admission = pointId !== undefined ? context.devices.admit(room.conferenceId, pointId, identity.link.secondDevice, socket.data.liveElsewhere ?? false, socket.data.waitingElsewhere ?? false) : { standby: false, replaced: undefined, tookOverElsewhere: false };
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
  return { connection, replaced: admission.replaced, tookOverElsewhere: admission.tookOverElsewhere };
}

/** `command` messages go to the command service; the socket only adds what is its own (ended, one payload). */
function answerCommands(context: SessionContext, socket: GatewaySocket, connection: Connection): void {
  socket.on('command', (...args: unknown[]) => {
    const { payload, extra, ack } = splitAck(args);
    if (!ack) return; // nobody to tell; a command is never run unacknowledged
    const reply = (value: Ack) => ack(value);
    if (connection.ended) return reply(refusalAck('FORBIDDEN', 'this session has ended'));
    if (extra > 0) return reply(refusalAck('MALFORMED', 'one payload per message'));
    void context.commands
      .execute(connection.conferenceId, payload, { principal: connection.principal, source: 'socket', flowKey: socket.id, standby: connection.standby })
      .then(reply);
  });
}

function answerCatchUps(context: SessionContext, socket: GatewaySocket, room: MeetingRoom, log: Logger): void {
  let catchingUp = false;
  socket.on('catchUp', (...args: unknown[]) => {
    const { payload, extra, ack } = splitAck(args);
    if (!ack) return;
    const reply = (value: CatchUpAck) => ack(value);
    const parsed = CatchUpRequestSchema.safeParse(payload);
    if (!parsed.success || extra > 0) return reply(refusalAck('MALFORMED', 'expected { afterSeq }'));
    // A catch-up reads the log inside the room's queue; one at a time per socket keeps a client
    // from holding the whole conference up with repeated requests for everything.
    if (catchingUp) return reply(refusalAck('RATE_LIMITED', 'one catch-up at a time'));
    catchingUp = true;
    room
      .serially(async () => {
        if (parsed.data.afterSeq > room.seq) await room.readAhead();
        return catchUpSocket(context, socket, room, parsed.data.afterSeq, false);
      })
      .then(
        (plan) => reply({ ok: true, headSeq: plan.headSeq, reset: plan.reset }),
        (error: unknown) => {
          log.error({ err: error }, 'catch-up failed');
          reply(refusalAck('INTERNAL'));
        },
      )
      .finally(() => (catchingUp = false));
  });
}

/** A message nobody listens to (not ours, not the media handlers') is answered, not ignored. */
function answerUnknownMessages(socket: GatewaySocket): void {
  socket.onAny((event: string, ...args: unknown[]) => {
    if (socket.listeners(event as 'command').length > 0) return;
    const { ack } = splitAck(args);
    ack?.(refusalAck('UNKNOWN_MESSAGE', String(event).slice(0, 64)));
  });
}

/**
 * Welcome and catch-up run inside the room's queue: no live event can overtake them, and the
 * socket joins the broadcast channel right after the last page.
 */
function welcome(context: SessionContext, socket: GatewaySocket, connection: Connection, room: MeetingRoom, log: Logger): void {
  const { identity, lastSeq } = socket.data;
  const admitted = performance.now();
  const timed = (step: 'welcome' | 'caughtUp') => context.timeJoin?.(step, (performance.now() - admitted) / 1000);
  room
    .serially(async () => {
      if (connection.ended || socket.disconnected) return;
      // Cluster mode: a client back from a dead node may know seqs this follower has not read yet.
      if (lastSeq !== undefined && lastSeq > room.seq) await room.readAhead();
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
      timed('welcome');
      await catchUpSocket(context, socket, room, lastSeq, true);
      timed('caughtUp');
      await socket.join(conferenceChannel(room.conferenceId));
      if (identity.principal.role === 'chair' || identity.principal.role === 'admin') await socket.join(presidingChannel(room.conferenceId));
    })
    .catch((error: unknown) => {
      log.error({ err: error }, 'catch-up on join failed; closing the socket so the client retries');
      socket.disconnect(true);
    });
}
