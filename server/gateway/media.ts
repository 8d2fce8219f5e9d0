import { PRIVATE_CHECK_ROLES } from '../../shared/meeting/permissions.js';
import type { Role } from '../../shared/protocol/common.js';
import type { z } from 'zod';
import type { MediaReplies, MediaRequestInput } from '../../shared/protocol/media-events.js';
import { MEDIA_PUSH_EVENT, MEDIA_REQUEST_NAMES, MEDIA_REQUESTS, type MediaAck, type MediaPush, type MediaRequest, type MediaRequestName } from '../../shared/protocol/media.js';
import type { Logger } from '../log/logger.js';
import { MediaError } from '../media/errors.js';
import type { MediaService } from '../media/media-service.js';

/**
 * Media signalling of one socket: every `media:*` request is zod-validated, handed to the
 * MediaService, and acked `{ ok: true, ... } | { ok: false, code, details? }`; pushes from the SFU
 * reach the browser as `media:push`. A bad payload is refused in its ack and changes nothing.
 */

/**
 * What this file needs of the gateway's typed socket (GatewaySocket fits it as it is; a test may
 * hand it an EventEmitter). Requests arrive untyped: they are parsed here, whatever the types say.
 */
export type MediaSocket = {
  readonly id: string;
  on(event: MediaRequestName | 'disconnect', listener: (...args: unknown[]) => void): unknown;
  emit(event: typeof MEDIA_PUSH_EVENT, push: MediaPush): unknown;
};

export type MediaSessionContext = {
  media: MediaService;
  conferenceId: string;
  principal: { role: Role; pointId?: string | undefined };
  logger: Logger;
  /** false while a point's connection is a standby device: it may receive but not send */
  mayProduce?: () => boolean;
  /** each request's time from arrival to answer (the node's join-step metrics) */
  timed?: (request: MediaRequestName, seconds: number) => void;
};

/** One handler per request, its payload inferred from the request's schema, its answer from MediaReplies. */
type MediaHandlers = { [N in MediaRequestName]: (payload: MediaRequest<N>) => Promise<MediaReplies[N]> };
/** The answer of a request that only says it was done. */
const answered = (): object => ({});
const REQUEST_SCHEMAS: { [N in MediaRequestName]: z.ZodType<MediaRequest<N>, MediaRequestInput<N>> } = MEDIA_REQUESTS;

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
    if (ctx.mayProduce && !ctx.mayProduce()) throw new MediaError('RECEIVE_ONLY', { cause: 'standby device' });
  };

  const handlers: MediaHandlers = {
    'media:capabilities': async () => ({ rtpCapabilities: await media.rtpCapabilities(sessionId) }),
    'media:createTransport': async (p) => {
      if (p.direction === 'send') refuseSend();
      const transport = await media.createTransport(sessionId, p.direction);
      // A browser only ever gets WebRTC transports (plain RTP is for the server's own recorder).
      if (transport.type !== 'webrtc') throw new MediaError('MEDIA_REFUSED', { cause: `not a WebRTC transport (${transport.type})` });
      return { transport };
    },
    'media:connect': async (p) => {
      await media.connectTransport(sessionId, p.transportId, { dtlsParameters: p.dtlsParameters });
      return answered();
    },
    'media:produce': async (p) => {
      refuseSend();
      return media.produce(sessionId, p);
    },
    'media:closeProducer': (p) => media.closeProducer(sessionId, p.producerId).then(answered),
    'media:consume': (p) => media.consume(sessionId, p.rtpCapabilities).then(answered),
    'media:resume': (p) => media.resumeConsumer(sessionId, p.consumerId).then(answered),
    'media:setVisibleTiles': (p) => media.setView(sessionId, p).then(answered),
    'media:restartIce': async (p) => ({ iceParameters: await media.restartIce(sessionId, p.transportId) }),
    'media:privateCheck': async (p) => {
      if (!PRIVATE_CHECK_ROLES.includes(ctx.principal.role)) throw new MediaError('FORBIDDEN', { cause: 'private check is for the organiser' });
      await media.privateCheck(sessionId, p.pointId);
      return answered();
    },
  };

  const answer = <N extends MediaRequestName>(name: N): void => {
    socket.on(name, (...args: unknown[]) => {
      const last = args[args.length - 1];
      if (typeof last !== 'function') return; // every media request is a question; one without an ack is dropped
      const arrived = performance.now();
      const ack = (value: MediaAck<MediaReplies[N]>): void => {
        ctx.timed?.(name, (performance.now() - arrived) / 1000);
        void last(value);
      };
      const parsed = REQUEST_SCHEMAS[name].safeParse(args.length > 1 ? args[0] : undefined);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        ack({ ok: false, code: 'BAD_REQUEST', details: issue ? { field: issue.path.join('.') || '(payload)', cause: issue.message } : { field: '(payload)' } });
        return;
      }
      handlers[name](parsed.data).then(
        (result) => ack({ ...result, ok: true }),
        (err: unknown) => {
          if (err instanceof MediaError) ack(err.toAck());
          else {
            ctx.logger.error({ err, request: name }, 'media request failed unexpectedly');
            ack({ ok: false, code: 'MEDIA_REFUSED' });
          }
        },
      );
    });
  };
  for (const name of MEDIA_REQUEST_NAMES) answer(name);

  let attached = true;
  const detach = () => {
    if (!attached) return;
    attached = false;
    media.leave(sessionId);
  };
  socket.on('disconnect', detach);
  return { detach };
}
