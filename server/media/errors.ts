import type { MediaErrorCode } from '../../shared/protocol/media.js';

/**
 * The one error class the media layer throws at its callers. The gateway turns it into an ack
 * `{ ok: false, code, message }`; anything else that escapes mediasoup (its TypeErrors for bad RTP
 * parameters, "Channel closed" when a worker dies mid-request) is wrapped as MEDIA_REFUSED, so a
 * client never learns internals and the process never crashes on a client's input.
 */
export class MediaError extends Error {
  override readonly name = 'MediaError';
  constructor(
    readonly code: MediaErrorCode,
    message: string,
  ) {
    super(message);
  }
}

// Vietnamese first, English second: these messages reach the person at the point's console.
const MESSAGES: Record<MediaErrorCode, string> = {
  BAD_REQUEST: 'Yêu cầu không hợp lệ / invalid request',
  NOT_IN_CONFERENCE: 'Chưa tham gia phần hình-tiếng của hội nghị / not joined to the conference media',
  MEDIA_UNAVAILABLE: 'Máy chủ hình-tiếng đang khởi động lại, vui lòng chờ / media server is restarting, please wait',
  TRANSPORT_NOT_FOUND: 'Không tìm thấy kênh truyền / transport not found',
  PRODUCER_NOT_FOUND: 'Không tìm thấy luồng gửi / producer not found',
  CONSUMER_NOT_FOUND: 'Không tìm thấy luồng nhận / consumer not found',
  SOURCE_NOT_ALLOWED: 'Điểm cầu này không được gửi nguồn này / this point may not send that source',
  RECEIVE_ONLY: 'Vai trò này chỉ được nhận hình-tiếng / this role only receives media',
  NOT_READY_TO_CONSUME: 'Chưa sẵn sàng nhận (thiếu kênh nhận hoặc khả năng thiết bị) / not ready to receive (no receive transport or capabilities)',
  MEDIA_REFUSED: 'Máy chủ hình-tiếng từ chối yêu cầu / the media server refused the request',
  FORBIDDEN: 'Vai trò này không được làm việc này / this role may not do that',
  UNKNOWN_POINT: 'Không có điểm cầu này trong hội nghị / no such point in this conference',
};

export function mediaError(code: MediaErrorCode, detail?: string): MediaError {
  return new MediaError(code, detail ? `${MESSAGES[code]}: ${detail}` : MESSAGES[code]);
}

/** Anything thrown inside the media layer, as a MediaError a client may see. */
export function asMediaError(err: unknown): MediaError {
  if (err instanceof MediaError) return err;
  const text = err instanceof Error ? err.message : String(err);
  // mediasoup's messages about a client's parameters are safe and useful to show; keep them short.
  return mediaError('MEDIA_REFUSED', text.slice(0, 200));
}
