import type { Device, types } from 'mediasoup-client';
import type { MediaReplies } from '../../shared/protocol/media-events.js';
import type { MediaSource } from '../../shared/protocol/media.js';
import { request, type SignallingSocket } from './signalling.js';
import { producerParametersForServer } from './wire.js';

// The browser's side of a transport the SFU made: its DTLS connect and its producers go to the
// SFU over the console's socket; a transport whose ICE fails is reported to `failed`.

/** What the SFU answers to `media:createTransport`. */
export type TransportReply = MediaReplies['media:createTransport']['transport'];

export function browserTransport(socket: SignallingSocket, device: Device, direction: 'send' | 'recv', params: TransportReply, failed: (transport: types.Transport) => void): types.Transport {
  const options = { id: params.id, iceParameters: params.iceParameters, iceCandidates: params.iceCandidates, dtlsParameters: params.dtlsParameters };
  const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    request(socket, 'media:connect', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
  });
  if (direction === 'send') {
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      request(socket, 'media:produce', {
        transportId: transport.id,
        kind,
        source: appData.source as MediaSource,
        rtpParameters: producerParametersForServer(rtpParameters),
      }).then(({ producerId }) => callback({ id: producerId }), errback);
    });
  }
  transport.on('connectionstatechange', (state) => {
    if (state === 'failed') failed(transport);
  });
  return transport;
}
