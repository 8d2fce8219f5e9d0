import { z } from 'zod';
import { HealthReportSchema } from '../media/health.js';
import { IdSchema } from './common.js';
import type { MediaErrorCode } from './media-codes.js';

export { MEDIA_ERROR_CODES, MEDIA_PUSH_EVENT, plainCodec, type MediaErrorCode } from './media-codes.js';

/**
 * Media signalling between a browser and the SFU (socket.io events named `media:*`).
 * Every request is acked `{ ok: true, ... } | { ok: false, code, details? }`; every push from the
 * server is one of MediaPush. Shapes that mediasoup itself checks in depth (RTP parameters and
 * capabilities, DTLS parameters) are checked here for their outline and bounded in size, then
 * handed to mediasoup, which refuses what is wrong inside them; that refusal comes back as a
 * `MEDIA_REFUSED` ack, never a crash.
 */

/** mediasoup's own ids are UUIDs; anything else cannot name one of its objects. */
export const MediaIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/, 'media id: letters, digits and - only');

const Str = z.string().max(256);
const SmallRecord = z.record(z.string().max(64), z.union([z.string().max(256), z.number(), z.boolean()]));

const RtpCodecSchema = z.looseObject({
  mimeType: z.string().min(3).max(64),
  payloadType: z.number().int().min(0).max(127).optional(),
  clockRate: z.number().int().positive(),
  channels: z.number().int().min(1).max(8).optional(),
  parameters: SmallRecord.optional(),
  rtcpFeedback: z.array(z.looseObject({ type: Str, parameter: Str.optional() })).max(32).optional(),
});
const HeaderExtensionSchema = z.looseObject({ uri: Str, id: z.number().int().min(1).max(255).optional() });

export const RtpCapabilitiesSchema = z.looseObject({
  codecs: z.array(RtpCodecSchema).max(64).optional(),
  headerExtensions: z.array(HeaderExtensionSchema).max(64).optional(),
});
export type RtpCapabilitiesWire = z.infer<typeof RtpCapabilitiesSchema>;

export const RtpParametersSchema = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z.array(RtpCodecSchema.extend({ payloadType: z.number().int().min(0).max(127) })).min(1).max(16),
  headerExtensions: z.array(HeaderExtensionSchema).max(32).optional(),
  encodings: z.array(z.looseObject({ ssrc: z.number().int().nonnegative().optional(), rid: z.string().max(32).optional() })).max(8).optional(),
  rtcp: z.looseObject({ cname: z.string().max(256).optional() }).optional(),
});
export type RtpParametersWire = z.infer<typeof RtpParametersSchema>;

export const DtlsParametersSchema = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z.array(z.strictObject({ algorithm: z.string().min(1).max(32), value: z.string().min(1).max(256) })).min(1).max(8),
});

export const MediaSourceSchema = z.enum(['camera', 'microphone', 'panel', 'screen']);
export type MediaSource = z.infer<typeof MediaSourceSchema>;
export const TransportDirectionSchema = z.enum(['send', 'recv']);
export type TransportDirection = z.infer<typeof TransportDirectionSchema>;

// --- requests: browser → server ---

/** Step 1: the router's capabilities, to load the mediasoup-client Device. */
export const MediaCapabilitiesRequest = z.strictObject({});
/** Step 2: a WebRTC transport in one direction (a point sends and receives; a clerk or observer only receives). */
export const CreateTransportRequest = z.strictObject({ direction: TransportDirectionSchema });
export const ConnectTransportRequest = z.strictObject({ transportId: MediaIdSchema, dtlsParameters: DtlsParametersSchema });
/** Send one source; `panel` and `screen` only from the central point. */
export const ProduceRequest = z.strictObject({
  transportId: MediaIdSchema,
  kind: z.enum(['audio', 'video']),
  source: MediaSourceSchema,
  rtpParameters: RtpParametersSchema,
});
export const CloseProducerRequest = z.strictObject({ producerId: MediaIdSchema });
/** Step 3: ready to receive: the device's capabilities; the server then pushes `media:newConsumer` as the plan allows. */
export const ConsumeRequest = z.strictObject({ rtpCapabilities: RtpCapabilitiesSchema });
/** The browser has set a pushed consumer up: the server resumes it if the plan shows it. */
export const ResumeConsumerRequest = z.strictObject({ consumerId: MediaIdSchema });
/** Which page of thumbnails the receiver looks at, how many fit, which tiles it minimised. */
export const SetVisibleTilesRequest = z.strictObject({
  page: z.number().int().min(0).max(10_000),
  pageSize: z.number().int().min(1).max(100),
  minimised: z.array(z.string().min(1).max(140)).max(200).default([]),
  /** the pre-flight check: receive this point's own camera and microphone back through the SFU */
  loopback: z.boolean().default(false),
});
export const RestartIceRequest = z.strictObject({ transportId: MediaIdSchema });
/**
 * The organiser's private check of one point (kiểm tra riêng), not in the program: its camera and
 * microphone reach this connection only, even while its microphone is closed to everyone else;
 * `null` ends it. Admin only (PRIVATE_CHECK_ROLES); an unknown point is UNKNOWN_POINT.
 */
export const PrivateCheckRequest = z.strictObject({ pointId: IdSchema.nullable() });

export const MEDIA_REQUESTS = {
  'media:capabilities': MediaCapabilitiesRequest,
  'media:createTransport': CreateTransportRequest,
  'media:connect': ConnectTransportRequest,
  'media:produce': ProduceRequest,
  'media:closeProducer': CloseProducerRequest,
  'media:consume': ConsumeRequest,
  'media:resume': ResumeConsumerRequest,
  'media:setVisibleTiles': SetVisibleTilesRequest,
  'media:restartIce': RestartIceRequest,
  'media:privateCheck': PrivateCheckRequest,
} as const;
export type MediaRequestName = keyof typeof MEDIA_REQUESTS;
export const MEDIA_REQUEST_NAMES = Object.keys(MEDIA_REQUESTS) as MediaRequestName[];
export type MediaRequest<N extends MediaRequestName> = z.infer<(typeof MEDIA_REQUESTS)[N]>;

/**
 * The facts behind a media refusal, for the log and support: which field of the request was
 * wrong, which source or kind, what mediasoup said. Never wording: what a code means, in
 * Vietnamese and English, is the client's (shared/terms/errors.ts).
 */
export interface MediaErrorDetails {
  /** the request's field that failed validation, dotted (`dtlsParameters.fingerprints`), or `(payload)` */
  field?: string;
  /** what was wrong with it (zod's issue), or mediasoup's own text (at most 200 characters) */
  cause?: string;
  source?: string;
  kind?: string;
}
export type MediaAck<T extends object = object> = ({ ok: true } & T) | { ok: false; code: MediaErrorCode; details?: MediaErrorDetails };

// --- pushes: server → browser ---

const TileSchema = z.strictObject({
  key: z.string(),
  pointId: IdSchema,
  source: z.enum(['camera', 'panel', 'screen']),
  size: z.enum(['large', 'grid', 'thumbnail', 'hidden']),
  layer: z.union([z.literal(0), z.literal(1), z.literal(2)]).nullable(),
  hiddenBecause: z.enum(['self', 'minimised', 'other-page']).optional(),
});

export const NewConsumerPush = z.strictObject({
  consumerId: MediaIdSchema,
  producerId: MediaIdSchema,
  pointId: IdSchema,
  source: MediaSourceSchema,
  kind: z.enum(['audio', 'video']),
  rtpParameters: RtpParametersSchema,
  /** paused at the server (by the plan or because the sender is muted) */
  paused: z.boolean(),
});
export type NewConsumerPushT = z.infer<typeof NewConsumerPush>;

export const MediaPushSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('newConsumer'), consumer: NewConsumerPush }),
  z.strictObject({ type: z.literal('consumerClosed'), consumerId: MediaIdSchema }),
  /** paused: no packets flow; `byProducer` when the sender is muted rather than the tile hidden */
  z.strictObject({ type: z.literal('consumerPaused'), consumerId: MediaIdSchema, byProducer: z.boolean() }),
  z.strictObject({ type: z.literal('consumerResumed'), consumerId: MediaIdSchema }),
  z.strictObject({ type: z.literal('consumerLayers'), consumerId: MediaIdSchema, spatialLayer: z.number().int().nullable() }),
  z.strictObject({ type: z.literal('plan'), tiles: z.array(TileSchema), page: z.number().int(), pageCount: z.number().int() }),
  /** The SFU lost the worker carrying this conference: close every transport and set media up again. */
  z.strictObject({ type: z.literal('reset'), reason: z.enum(['worker-died', 'rebalanced']) }),
  /** to the chair's, clerk's and admin's consoles, every health interval */
  z.strictObject({ type: z.literal('health'), report: HealthReportSchema }),
]);
export type MediaPush = z.infer<typeof MediaPushSchema>;
/** The one socket.io event name every media push travels under. */
