import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachMedia, type MediaSocket } from '../../server/gateway/media.js';
import { createLogger } from '../../server/log/logger.js';
import type { MediaService } from '../../server/media/media-service.js';
import type { MediaAck, MediaPush } from '../../shared/protocol/media.js';
import { startMedia } from './helpers.js';

// The media signalling handlers of one socket against the real SFU: every payload is validated,
// a bad one is refused in its ack with a code and changes nothing, and nothing a client sends
// crashes the process. The socket is a plain event emitter standing in for socket.io's.

class FakeSocket extends EventEmitter implements MediaSocket {
  readonly pushes: MediaPush[] = [];
  constructor(readonly id: string) {
    super();
  }
  override emit(event: string, ...args: unknown[]): boolean {
    if (event === 'media:push') this.pushes.push(args[0] as MediaPush);
    return super.emit(event, ...args);
  }
  /** what a socket.io client's emitWithAck does: call the handler with the payload and an ack */
  ask(event: string, ...payload: unknown[]): Promise<MediaAck<Record<string, unknown>>> {
    return new Promise((resolve) => {
      this.listeners(event)[0]?.(...payload, resolve);
    });
  }
}

let media: MediaService;
const CONF = 'gw';

beforeAll(async () => {
  media = await startMedia();
});
afterAll(() => media?.close());

function connect(id: string, principal: { role: 'point' | 'chair' | 'observer'; pointId?: string }, mayProduce?: () => boolean) {
  const socket = new FakeSocket(id);
  attachMedia(socket, { media, conferenceId: CONF, principal, logger: createLogger('silent'), ...(mayProduce ? { mayProduce } : {}) });
  return socket;
}

describe('media signalling handlers', () => {
  it('answers the router capabilities and creates a WebRTC transport for a point', async () => {
    const s = connect('p1', { role: 'point', pointId: 'thoi-binh' });
    const caps = await s.ask('media:capabilities', {});
    expect(caps.ok).toBe(true);
    expect(JSON.stringify(caps)).toContain('video/VP8');
    const t = await s.ask('media:createTransport', { direction: 'send' });
    expect(t).toMatchObject({ ok: true, transport: { type: 'webrtc' } });
  });

  it.each([
    ['media:createTransport', { direction: 'sideways' }, 'direction'],
    ['media:createTransport', undefined, '(payload)'],
    ['media:connect', { transportId: 'x', dtlsParameters: { fingerprints: [] } }, 'dtlsParameters.fingerprints'],
    ['media:produce', { transportId: '../etc', kind: 'video', source: 'camera', rtpParameters: { codecs: [] } }, 'transportId'],
    ['media:setVisibleTiles', { page: -1, pageSize: 4 }, 'page'],
    ['media:resume', { consumerId: 'a'.repeat(500) }, 'consumerId'],
    ['media:capabilities', { extra: true }, ''],
  ])('refuses %s with a malformed payload (%j) as BAD_REQUEST naming the field', async (event, payload, field) => {
    const s = connect(`bad-${event}-${field}`, { role: 'point', pointId: 'u-minh' });
    const ack = await s.ask(event, payload);
    expect(ack.ok).toBe(false);
    if (!ack.ok) {
      // the code and the facts (which field), no sentence in any language: the words are the client's
      expect(Object.keys(ack).sort()).toEqual(['code', 'details', 'ok']);
      expect(ack.code).toBe('BAD_REQUEST');
      expect(ack.details?.field).toBe(field || '(payload)');
      expect(ack.details?.cause).toBeTruthy();
    }
    expect(media.inspect(s.id)?.send).toBeUndefined();
  });

  it('refuses what the principal may not do, with specific codes', async () => {
    const chair = connect('chair-1', { role: 'chair' });
    expect(await chair.ask('media:createTransport', { direction: 'send' })).toMatchObject({ ok: false, code: 'RECEIVE_ONLY' });
    expect(await chair.ask('media:createTransport', { direction: 'recv' })).toMatchObject({ ok: true });

    const standby = connect('standby-1', { role: 'point', pointId: 'dam-doi' }, () => false);
    expect(await standby.ask('media:createTransport', { direction: 'send' })).toMatchObject({ ok: false, code: 'RECEIVE_ONLY' });

    const district = connect('district-1', { role: 'point', pointId: 'nam-can' });
    const send = await district.ask('media:createTransport', { direction: 'send' });
    const transportId = (send as unknown as { transport: { id: string } }).transport.id;
    const slides = await district.ask('media:produce', {
      transportId,
      kind: 'video',
      source: 'screen',
      rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 1 }] },
    });
    expect(slides).toMatchObject({ ok: false, code: 'SOURCE_NOT_ALLOWED' });
    expect(await district.ask('media:connect', { transportId: 'no-such-transport', dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] } })).toMatchObject({
      ok: false,
      code: 'TRANSPORT_NOT_FOUND',
    });
    expect(await district.ask('media:consume', { rtpCapabilities: { codecs: [] } })).toMatchObject({ ok: false, code: 'NOT_READY_TO_CONSUME' });
    expect(await district.ask('media:resume', { consumerId: 'nope' })).toMatchObject({ ok: false, code: 'CONSUMER_NOT_FOUND' });
  });

  it('turns mediasoup’s own refusal of bad RTP parameters into MEDIA_REFUSED, and the worker lives on', async () => {
    const s = connect('p-bad-rtp', { role: 'point', pointId: 'phu-tan' });
    const send = (await s.ask("media:createTransport", { direction: "send" })) as unknown as { transport: { id: string } };
    const ack = await s.ask('media:produce', {
      transportId: send.transport.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: { codecs: [{ mimeType: 'video/H265', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 5 }] },
    });
    expect(ack).toMatchObject({ ok: false, code: 'MEDIA_REFUSED' });
    expect(media.pool.workers).toHaveLength(1);
    expect(await s.ask('media:capabilities', {})).toMatchObject({ ok: true });
  });

  it('drops a request without an ack and leaves media when the socket disconnects', async () => {
    const s = connect('p-leaving', { role: 'point', pointId: 'ngoc-hien' });
    s.listeners('media:capabilities')[0]?.({});
    expect(media.inspect('p-leaving')).toBeDefined();
    s.emit('disconnect');
    expect(media.inspect('p-leaving')).toBeUndefined();
    expect(await s.ask('media:capabilities', {})).toMatchObject({ ok: false, code: 'NOT_IN_CONFERENCE' });
  });
});
