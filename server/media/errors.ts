import type { MediaErrorCode, MediaErrorDetails } from '../../shared/protocol/media.js';

/**
 * The one error class the media layer throws at its callers. The gateway turns it into an ack
 * `{ ok: false, code, details? }`; anything else that escapes mediasoup (its TypeErrors for bad RTP
 * parameters, "Channel closed" when a worker dies mid-request) is wrapped as MEDIA_REFUSED, so a
 * client never learns internals and the process never crashes on a client's input. The wire
 * carries the code and the facts; the words for a person are the client's (shared/terms/errors.ts).
 */
export class MediaError extends Error {
  override readonly name = 'MediaError';
  constructor(
    readonly code: MediaErrorCode,
    readonly details?: MediaErrorDetails,
  ) {
    // The Error's own message is for the server's log only.
    super(details ? `${code} ${JSON.stringify(details)}` : code);
  }

  /** The refusal as the ack carries it. */
  toAck(): { ok: false; code: MediaErrorCode; details?: MediaErrorDetails } {
    return { ok: false, code: this.code, ...(this.details ? { details: this.details } : {}) };
  }
}

export function mediaError(code: MediaErrorCode, details?: MediaErrorDetails): MediaError {
  return new MediaError(code, details);
}

/** Anything thrown inside the media layer, as a MediaError a client may see. */
export function asMediaError(err: unknown): MediaError {
  if (err instanceof MediaError) return err;
  const text = err instanceof Error ? err.message : String(err);
  // mediasoup's messages about a client's parameters are safe and useful to show; keep them short.
  return mediaError('MEDIA_REFUSED', { cause: text.slice(0, 200) });
}
