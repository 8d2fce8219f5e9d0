import type { MediaReplies, MediaRequestInput } from '../../shared/protocol/media-events.js';
import { MEDIA_ERROR_CODES, type MediaErrorCode } from '../../shared/protocol/media-codes.js';
import type { MediaAck, MediaErrorDetails, MediaPush, MediaRequestName } from '../../shared/protocol/media.js';

/**
 * What the media client needs of the connection's typed socket.io socket (which fits it as it
 * is): each `media:*` request with its payload and answer from the shared event maps.
 */
export type SignallingSocket = {
  connected: boolean;
  // socket.io types an ack after timeout() as `any`; request() checks its outline instead.
  timeout(ms: number): { emitWithAck(event: MediaRequestName, payload: MediaRequestInput<MediaRequestName>): Promise<unknown> };
  on(event: 'media:push', listener: (push: MediaPush) => void): unknown;
  on(event: 'connect' | 'disconnect', listener: () => void): unknown;
};

/**
 * The server refused a media request; `code` is one of MEDIA_ERROR_CODES (or TIMEOUT), shown to a
 * person through the catalogue (t.errors[code]); `details` are the facts, for support and the log.
 */
export class MediaRequestError extends Error {
  override readonly name = 'MediaRequestError';
  constructor(
    readonly code: MediaErrorCode | 'TIMEOUT',
    readonly details?: MediaErrorDetails,
  ) {
    super(details ? `${code} ${JSON.stringify(details)}` : code);
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

/** One typed request: resolves with the ack's data, throws MediaRequestError on `{ ok: false }`. */
export async function request<N extends MediaRequestName>(socket: SignallingSocket, name: N, payload: MediaRequestInput<N>): Promise<MediaReplies[N]> {
  let ack: unknown;
  try {
    ack = await socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck(name, payload);
  } catch {
    throw new MediaRequestError('TIMEOUT', { cause: `no answer to ${name}` });
  }
  if (!isAckOf(name, ack)) throw new MediaRequestError('MEDIA_REFUSED', { cause: `malformed answer to ${name}` });
  if (!ack.ok) throw new MediaRequestError(ack.code, ack.details);
  return ack;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The outline every media ack has: `{ ok: true, ... }` or `{ ok: false, code, details? }` with a
 * known code and, if any, details of short strings. What a `true` ack carries is the server's mediasoup objects, handed to
 * mediasoup-client, which checks them in depth.
 */
function isAckOf<N extends MediaRequestName>(_name: N, ack: unknown): ack is MediaAck<MediaReplies[N]> {
  if (!isRecord(ack)) return false;
  if (ack['ok'] === true) return true;
  const code = ack['code'];
  const details = ack['details'];
  const detailsOk = details === undefined || (isRecord(details) && Object.values(details).every((v) => typeof v === 'string' && v.length <= 1000));
  return ack['ok'] === false && typeof code === 'string' && MEDIA_ERROR_CODES.some((c) => c === code) && detailsOk;
}
