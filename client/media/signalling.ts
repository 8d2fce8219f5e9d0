import type { MediaAck, MediaErrorCode, MediaRequest, MediaRequestName } from '../../shared/protocol/media.js';

/** What the media client needs of a socket.io client socket. */
export type SignallingSocket = {
  connected: boolean;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
};

/** The server refused a media request; `code` is one of MEDIA_ERROR_CODES (or TIMEOUT). */
export class MediaRequestError extends Error {
  override readonly name = 'MediaRequestError';
  constructor(
    readonly code: MediaErrorCode | 'TIMEOUT',
    message: string,
  ) {
    super(message);
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

/** One typed request: resolves with the ack's data, throws MediaRequestError on `{ ok: false }`. */
export async function request<N extends MediaRequestName, T extends object = object>(
  socket: SignallingSocket,
  name: N,
  payload: MediaRequest<N>,
): Promise<T> {
  let ack: MediaAck<T>;
  try {
    ack = (await socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck(name, payload)) as MediaAck<T>;
  } catch {
    throw new MediaRequestError('TIMEOUT', `Máy chủ không trả lời / no answer from the server: ${name}`);
  }
  if (!ack.ok) throw new MediaRequestError(ack.code, ack.message);
  return ack;
}
