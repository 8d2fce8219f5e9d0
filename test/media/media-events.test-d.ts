import type { types as client } from 'mediasoup-client';
import type { types as server } from 'mediasoup';
import { describe, expectTypeOf, it } from 'vitest';
import type { MediaReplies, MediaRequestInput, RouterRtpCapabilitiesWire, TransportParamsWire } from '../../shared/protocol/media-events.js';
import type { MediaAck, MediaPush, MediaRequestName } from '../../shared/protocol/media.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/socket.js';
import type { MediaSocket } from '../../server/gateway/media.js';
import type { GatewaySocket } from '../../server/gateway/session.js';
import type { SignallingSocket } from '../../client/media/signalling.js';
import type { SocketLike } from '../../client/net/connection.js';

// The media signalling's types, checked by the compiler (vitest typecheck, run by `npm test`):
// the socket.io event maps carry every media request with the payload its schema accepts and
// the answer it gets, the push is typed, both sockets fit the media code without a cast, and the
// answers' shapes are what mediasoup produces and what mediasoup-client takes.

describe('media signalling types', () => {
  it('every media request is a typed client → server event, payload from its schema, ack from MediaReplies', () => {
    expectTypeOf<MediaRequestName>().toExtend<keyof ClientToServerEvents>();
    expectTypeOf<Parameters<ClientToServerEvents['media:produce']>[0]>().toEqualTypeOf<MediaRequestInput<'media:produce'>>();
    expectTypeOf<Parameters<ClientToServerEvents['media:createTransport']>[1]>().toEqualTypeOf<(ack: MediaAck<{ transport: TransportParamsWire }>) => void>();
    expectTypeOf<Parameters<ClientToServerEvents['media:setVisibleTiles']>[0]>().toEqualTypeOf<{ page: number; pageSize: number; minimised?: string[] | undefined; loopback?: boolean | undefined }>();
    // @ts-expect-error a request with a field its schema does not have
    const bad: Parameters<ClientToServerEvents['media:resume']>[0] = { consumerId: 'c', extra: 1 };
    void bad;
  });

  it('the push is a typed server → client event', () => {
    expectTypeOf<Parameters<ServerToClientEvents['media:push']>[0]>().toEqualTypeOf<MediaPush>();
  });

  it('the gateway socket and the connection socket fit the media code as they are', () => {
    expectTypeOf<GatewaySocket>().toExtend<MediaSocket>();
    expectTypeOf<SocketLike>().toExtend<SignallingSocket>();
  });

  it('answers are what mediasoup makes and what mediasoup-client takes', () => {
    expectTypeOf<server.RtpCapabilities>().toExtend<RouterRtpCapabilitiesWire>();
    expectTypeOf<RouterRtpCapabilitiesWire>().toExtend<client.RtpCapabilities>();
    expectTypeOf<{ id: string; iceParameters: server.IceParameters; iceCandidates: server.IceCandidate[]; dtlsParameters: server.DtlsParameters }>().toExtend<TransportParamsWire>();
    expectTypeOf<TransportParamsWire>().toExtend<client.TransportOptions>();
    expectTypeOf<MediaReplies['media:restartIce']['iceParameters']>().toExtend<client.IceParameters>();
  });
});
