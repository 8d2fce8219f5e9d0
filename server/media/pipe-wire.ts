import { z } from 'zod';
import type { types } from 'mediasoup';
import { IdSchema } from '../../shared/protocol/common.js';
import { MediaSourceSchema } from '../../shared/protocol/media.js';

// What nodes say to each other about media (cascading, docs/CLUSTER.md): the producers a node
// holds for a conference (its "feeds"), and the four steps of a pipe between two nodes' routers,
// as mediasoup's pipeToRouter does them inside one host. Carried by the signed internal route
// POST /internal/cluster/media (server/cluster/mediaPipes.ts); validated here on arrival.

const NodeUrlSchema = z.string().regex(/^https?:\/\/[^\s]{1,500}$/, 'an http(s) node URL');
const MediasoupIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/);
const SrtpSchema = z.strictObject({
  cryptoSuite: z.enum(['AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32']),
  keyBase64: z.string().min(16).max(200).regex(/^[A-Za-z0-9+/=]+$/),
});
const AddressSchema = { ip: z.union([z.ipv4(), z.ipv6()]), port: z.number().int().min(1).max(65_535), srtpParameters: SrtpSchema };

export const FeedSchema = z.strictObject({
  producerId: MediasoupIdSchema,
  pointId: IdSchema,
  source: MediaSourceSchema,
  kind: z.enum(['audio', 'video']),
  paused: z.boolean(),
});
export type FeedWire = z.infer<typeof FeedSchema>;

const base = { conferenceId: IdSchema, from: NodeUrlSchema };

export const PipeRequestSchema = z.discriminatedUnion('op', [
  /**
   * the sender's producers of this conference, all of them (an absent one is gone); router: the
   * router they live on; checks: the points its organisers check privately now (an absent one is
   * no longer checked), so the node holding a checked point's microphone opens it for them alone
   */
  z.strictObject({ op: z.literal('feeds'), ...base, router: MediasoupIdSchema.nullable(), feeds: z.array(FeedSchema).max(1000), checks: z.array(IdSchema).max(1000) }),
  /** open a pipe: here is my end (ip, port, SRTP key); answer with yours */
  z.strictObject({ op: z.literal('pipe'), ...base, ...AddressSchema }),
  /** send this producer down the pipe: answer with the pipe consumer's kind, RTP parameters and pause */
  z.strictObject({ op: z.literal('consume'), ...base, pipeId: MediasoupIdSchema, producerId: MediasoupIdSchema }),
  /** nobody here needs this producer any more */
  z.strictObject({ op: z.literal('release'), ...base, pipeId: MediasoupIdSchema, producerId: MediasoupIdSchema }),
  /** the pipe is closed at this end */
  z.strictObject({ op: z.literal('unpipe'), ...base, pipeId: MediasoupIdSchema }),
]);
export type PipeRequest = z.infer<typeof PipeRequestSchema>;
export type PipeOp = PipeRequest['op'];

export const PipeEndSchema = z.strictObject({ pipeId: MediasoupIdSchema, ...AddressSchema });
export type PipeEnd = z.infer<typeof PipeEndSchema>;
export const PipeConsumedSchema = z.strictObject({
  kind: z.enum(['audio', 'video']),
  // mediasoup's RtpParameters as its pipe consumer gave them: checked by the producing worker
  rtpParameters: z.looseObject({ codecs: z.array(z.looseObject({ mimeType: z.string() })).min(1).max(16) }),
  paused: z.boolean(),
});
export type PipeConsumed = z.infer<typeof PipeConsumedSchema>;

/** The answers, by request. */
export type PipeReply<Op extends PipeOp> = Op extends 'pipe' ? PipeEnd : Op extends 'consume' ? PipeConsumed : Record<string, never>;

/** Refusals of the route (each changes nothing). */
export type PipeRefusal = 'BAD_SIGNATURE' | 'REPLAYED' | 'MALFORMED' | 'INVALID_REQUEST' | 'PIPE_NOT_FOUND' | 'PRODUCER_NOT_FOUND' | 'MEDIA_UNAVAILABLE';

export class PipeError extends Error {
  override readonly name = 'PipeError';
  constructor(
    readonly code: PipeRefusal,
    message: string = code,
  ) {
    super(message);
  }
}

/** How a node reaches another about media; the cluster implements it (signed HTTP). */
export interface MediaPeers {
  /** where this node's pipe transports listen, and the address given to the other end */
  readonly pipeListen: types.TransportListenInfo;
  /** this node's URL (the `from` of its requests) */
  readonly selfUrl: () => string;
  request<R extends PipeRequest>(nodeUrl: string, request: R): Promise<PipeReply<R['op']>>;
  /** this node's feeds of a conference changed (a producer came, went, paused or resumed): tell the others now */
  announce(conferenceId: string): void;
}

export function asSrtp(p: types.SrtpParameters | undefined): types.SrtpParameters {
  if (!p) throw new PipeError('MEDIA_UNAVAILABLE', 'pipe transport without SRTP');
  return p;
}
