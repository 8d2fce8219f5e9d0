import type { Role } from '../../shared/protocol/common.js';
import { MEDIA_PUSH_EVENT, MEDIA_REQUESTS, type MediaAck, type MediaPush, type MediaRequestName } from '../../shared/protocol/media.js';
import type { Logger } from '../log/logger.js';
import { MediaError } from '../media/errors.js';
import type { MediaService } from '../media/media-service.js';

/**
 * Media signalling of one socket: every `media:*` request is zod-validated, handed to the
 * MediaService, and acked `{ ok: true, ... } | { ok: false, code, message }`; pushes from the SFU
 * reach the browser as `media:push`. A bad payload is refused in its ack and changes nothing.
 */

/** What this file needs of a socket.io socket (kept structural so the typed gateway socket fits). */
export type MediaSocket = {
  id: string;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
};

export type MediaSessionContext = {
  media: MediaService;
  conferenceId: string;
  principal: { role: Role; pointId?: string | undefined };
  logger: Logger;
  /** false while a point's connection is a standby device: it may receive but not send */
  mayProduce?: () => boolean;
};

type Handler = (payload: never) => Promise<object | void>;

export function attachMedia(socket: MediaSocket, ctx: MediaSessionContext): { detach(): void } {
  const { media } = ctx;
  const sessionId = socket.id;
  const pointId = ctx.principal.role === 'point' || ctx.principal.role === 'chair' ? (ctx.principal.pointId ?? null) : null;
  media.join({
    sessionId,
    conferenceId: ctx.conferenceId,
    pointId,
    role: ctx.principal.role,
    push: (message: MediaPush) => socket.emit(MEDIA_PUSH_EVENT, message),
  });
  const refuseSend = () => {
    if (ctx.mayProduce && !ctx.mayProduce()) throw new MediaError('RECEIVE_ONLY', 'Thiết bị dự phòng chỉ nhận / a standby device only receives');
  };

  const handlers: { [N in MediaRequestName]: Handler } = {
    'media:capabilities': async () => ({ rtpCapabilities: await media.rtpCapabilities(sessionId) }),
    'media:createTransport': async (p: { direction: 'send' | 'recv' }) => {
      if (p.direction === 'send') refuseSend();
      return { transport: await media.createTransport(sessionId, p.direction) };
    },
    'media:connect': async (p: { transportId: string; dtlsParameters: unknown }) => {
      await media.connectTransport(sessionId, p.transportId, { dtlsParameters: p.dtlsParameters });
    },
    'media:produce': async (p: Parameters<MediaService['produce']>[1]) => {
      refuseSend();
      return media.produce(sessionId, p);
    },
    'media:closeProducer': async (p: { producerId: string }) => media.closeProducer(sessionId, p.producerId),
    'media:consume': async (p: { rtpCapabilities: unknown }) => media.consume(sessionId, p.rtpCapabilities),
    'media:resume': async (p: { consumerId: string }) => media.resumeConsumer(sessionId, p.consumerId),
    'media:setVisibleTiles': async (p: { page: number; pageSize: number; minimised: string[]; loopback: boolean }) => media.setView(sessionId, p),
    'media:restartIce': async (p: { transportId: string }) => ({ iceParameters: await media.restartIce(sessionId, p.transportId) }),
  };

  for (const name of Object.keys(MEDIA_REQUESTS) as MediaRequestName[]) {
    socket.on(name, (...args: unknown[]) => {
      const last = args[args.length - 1];
      const ack = typeof last === 'function' ? (last as (a: MediaAck) => void) : undefined;
      if (!ack) return; // every media request is a question; one without an ack is dropped
      const parsed = MEDIA_REQUESTS[name].safeParse(args.length > 1 ? args[0] : undefined);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        ack({ ok: false, code: 'BAD_REQUEST', message: `Yêu cầu không hợp lệ / invalid request: ${issue ? `${issue.path.join('.') || '(payload)'}: ${issue.message}` : name}` });
        return;
      }
      handlers[name](parsed.data as never).then(
        (result) => ack({ ok: true, ...(result ?? {}) }),
        (err: unknown) => {
          if (err instanceof MediaError) ack({ ok: false, code: err.code, message: err.message });
          else {
            ctx.logger.error({ err, request: name }, 'media request failed unexpectedly');
            ack({ ok: false, code: 'MEDIA_REFUSED', message: 'Máy chủ hình-tiếng từ chối yêu cầu / the media server refused the request' });
          }
        },
      );
    });
  }

  let attached = true;
  const detach = () => {
    if (!attached) return;
    attached = false;
    media.leave(sessionId);
  };
  socket.on('disconnect', detach);
  return { detach };
}
