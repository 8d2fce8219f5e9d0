import { z } from 'zod';
import { CommandSchema, EventSchema, PROTOCOL_VERSION, PrincipalSchema, IdSchema, RegionSchema } from './index.js';
import type { MediaClientToServerEvents, MediaServerToClientEvents } from './media-events.js';
import { MAX_CLUSTER_NODES, MAX_NODE_URL_LENGTH } from './nodes.js';

// The socket.io messages around the core's commands and events: the handshake, the command
// envelope and its ack, catch-up after a (re)connect, and the session notices. The typed event
// maps at the end are what server and client compile against; everything that arrives is
// safeParsed with these schemas anyway, the types only help honest callers.

/** Events per catch-up page. */
export const CATCH_UP_PAGE_SIZE = 500;

/** Seqs start at 1; 0 means "I have nothing yet". */
export const SeqSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export { RegionSchema };

/** A socket's id as socket.io makes it (20 characters of base64url today: 96 random bits and a counter); bounded, and only these characters. */
export const SocketIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** What a client puts in socket.io's `auth` when it connects. */
export const HandshakeAuthSchema = z.strictObject({
  /** the join token, read by the client from the link's fragment (#t=…) */
  token: z.string().min(1).max(600),
  /** the last seq this client has folded in; the server sends everything after it */
  lastSeq: SeqSchema.optional(),
  /** only for a server-admin token, which is valid for any conference */
  conferenceId: IdSchema.optional(),
  /** cluster mode: the region the join link names (?region=), which orders the `nodes` notice where the point's record has none */
  region: RegionSchema.optional(),
  /**
   * cluster mode, a point's standby reconnecting: its socket id (socket.io's `socket.id`) on the
   * connection it waited on, so it keeps its place in the point's queue of standbys (docs/CLUSTER.md)
   */
  waitedAs: SocketIdSchema.optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;

/** Client → server `command`: one core command. */
export const CommandEnvelopeSchema = z.strictObject({ command: CommandSchema });
export type CommandEnvelope = z.infer<typeof CommandEnvelopeSchema>;

/** Client → server `catchUp`: "send me everything after this seq" (also used after a reset). */
export const CatchUpRequestSchema = z.strictObject({ afterSeq: SeqSchema });
export type CatchUpRequest = z.infer<typeof CatchUpRequestSchema>;

export const StoredEventSchema = z.strictObject({ seq: SeqSchema.min(1), event: EventSchema });
export type StoredMeetingEvent = z.infer<typeof StoredEventSchema>;

/**
 * Server → client `catchUp`: the events after the client's seq, in pages, before any live event.
 * `reset: true` (first page only) means the client's seq was ahead of the server's log: drop
 * what you hold and fold these events from the empty state.
 */
export const CatchUpPageSchema = z.strictObject({
  conferenceId: IdSchema,
  reset: z.boolean(),
  events: z.array(StoredEventSchema),
  /** seqs of this page the reader may not read (R-READ-4): count them as folded, fold nothing */
  withheld: z.array(SeqSchema.min(1)).max(CATCH_UP_PAGE_SIZE).optional(),
  headSeq: SeqSchema,
  /** true on the last page; live `events` messages follow it */
  done: z.boolean(),
});
export type CatchUpPage = z.infer<typeof CatchUpPageSchema>;

/** Server → client `events`: live events of the conference, in seq order, never duplicated. */
export const LiveEventsSchema = z.strictObject({
  conferenceId: IdSchema,
  /** empty when every seq of the batch is withheld from this reader */
  events: z.array(StoredEventSchema),
  /** seqs of this batch the reader may not read (R-READ-4): its replica steps over them */
  withheld: z.array(SeqSchema.min(1)).max(10_000).optional(),
});
export type LiveEvents = z.infer<typeof LiveEventsSchema>;

/** Server → client `welcome`: sent once the handshake is accepted, before the first catch-up page. */
export const WelcomeSchema = z.strictObject({
  protocolVersion: z.literal(PROTOCOL_VERSION),
  conferenceId: IdSchema,
  principal: PrincipalSchema,
  linkId: IdSchema,
  /** a second device on a point link configured as standby: it receives, it does not send */
  standby: z.boolean(),
  headSeq: SeqSchema,
  /** when the link expires (epoch ms); the server ends the session then */
  expiresAt: z.number().int().nonnegative(),
});
export type Welcome = z.infer<typeof WelcomeSchema>;

/**
 * Gateway-level refusals, beside the core's ERROR_CODES (shared/meeting/errors.ts). The wire
 * carries the code; what each means, in Vietnamese and English, is in shared/terms/errors.ts.
 */
export const GATEWAY_ERROR_CODES = [
  'MALFORMED',
  'INVALID_COMMAND',
  'UNKNOWN_COMMAND',
  'UNKNOWN_MESSAGE',
  'TOO_LARGE',
  'TOO_DEEP',
  'BAD_ENCODING',
  'BINARY_NOT_ALLOWED',
  'FORBIDDEN',
  'SYSTEM_ONLY',
  'STANDBY',
  'RATE_LIMITED',
  'TOKEN_MISSING',
  'TOKEN_MALFORMED',
  'TOKEN_SIGNATURE',
  'TOKEN_EXPIRED',
  'TOKEN_REVOKED',
  'TOKEN_UNKNOWN',
  'TOKEN_WRONG_CONFERENCE',
  'SESSION_REPLACED',
  'ORIGIN_REFUSED',
  'UNKNOWN_CONFERENCE',
  'UNAVAILABLE',
  'LOG_UNAVAILABLE',
  'NO_OWNER',
  'OWNER_UNREACHABLE',
  'INTERNAL',
] as const;
export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];

/** Every ack of a client message. `seq` is the conference's head after the command. */
export const AckSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), seq: SeqSchema }),
  z.strictObject({ ok: z.literal(false), code: z.string().min(1).max(64), message: z.string().max(1000) }),
]);
export type Ack = z.infer<typeof AckSchema>;

/** The ack of a `catchUp` request: the pages follow as `catchUp` messages, this only says how many events. */
export const CatchUpAckSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), headSeq: SeqSchema, reset: z.boolean() }),
  z.strictObject({ ok: z.literal(false), code: z.string().min(1).max(64), message: z.string().max(1000) }),
]);
export type CatchUpAck = z.infer<typeof CatchUpAckSchema>;

/** Server → client `sessionEnded`: why the server is about to close this socket. */
export const SessionEndedSchema = z.strictObject({
  code: z.enum(['TOKEN_REVOKED', 'TOKEN_EXPIRED', 'SESSION_REPLACED']),
  message: z.string(),
});
export type SessionEnded = z.infer<typeof SessionEndedSchema>;

/** Server → client `standby`: this device became the live one (false) or was put on standby (true). */
export const StandbyNoticeSchema = z.strictObject({ standby: z.boolean() });
export type StandbyNotice = z.infer<typeof StandbyNoticeSchema>;

/**
 * Server → chair/admin `devices`: how many devices hold a point's link. The chair always sees a
 * second device, whether it took over or waits as a standby.
 */
export const PointDevicesSchema = z.strictObject({
  pointId: IdSchema,
  live: z.number().int().min(0).max(1),
  standby: z.number().int().nonnegative(),
  change: z.enum(['joined', 'left', 'takeover', 'promoted']),
});
export type PointDevices = z.infer<typeof PointDevicesSchema>;

export { MAX_CLUSTER_NODES };

/**
 * Server → client `nodes` (cluster mode only): the cluster's live nodes where a browser may
 * connect, most preferred first for this client (load, then its region). Sent after the welcome
 * and whenever a node joins or dies. When its node stops answering, the client moves to the next
 * one with the same token and its last seq. `GET /api/cluster/placement` answers the same shape.
 */
export const ClusterNodesSchema = z.strictObject({
  nodes: z
    .array(z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(MAX_NODE_URL_LENGTH), region: RegionSchema.nullable() }))
    .max(MAX_CLUSTER_NODES),
});
export type ClusterNodes = z.infer<typeof ClusterNodesSchema>;

/** Largest command message the gateway reads (its JSON text); larger ones get TOO_LARGE. */
export const MAX_COMMAND_BYTES = 64 * 1024;
/** Deepest nesting the gateway reads; commands are at most a few levels deep. */
export const MAX_MESSAGE_DEPTH = 16;
/** Unanswered commands one socket may have; more get RATE_LIMITED until acks come back. */
export const MAX_COMMANDS_IN_FLIGHT = 32;

export type AckCallback<A = Ack> = (ack: A) => void;

/** Every message a client sends: the meeting's own and the media signalling (`media:*`). */
export interface ClientToServerEvents extends MediaClientToServerEvents {
  command: (envelope: z.input<typeof CommandEnvelopeSchema>, ack: AckCallback) => void;
  catchUp: (request: CatchUpRequest, ack: AckCallback<CatchUpAck>) => void;
}

export interface ServerToClientEvents extends MediaServerToClientEvents {
  welcome: (welcome: Welcome) => void;
  catchUp: (page: CatchUpPage) => void;
  events: (batch: LiveEvents) => void;
  sessionEnded: (notice: SessionEnded) => void;
  standby: (notice: StandbyNotice) => void;
  devices: (notice: PointDevices) => void;
  nodes: (notice: ClusterNodes) => void;
}

/** The reason socket.io's connect_error carries in `err.data` when the handshake is refused. */
export const ConnectRefusalSchema = z.strictObject({ code: z.string(), message: z.string() });
export type ConnectRefusal = z.infer<typeof ConnectRefusalSchema>;
