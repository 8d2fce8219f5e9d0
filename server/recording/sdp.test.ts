import { describe, expect, it } from 'vitest';
import { recordingSdp } from './sdp.js';

describe('the SDP a recorder reads', () => {
  it('describes each tap on its port with the consumer’s own payload type, clock, channels and parameters', () => {
    const sdp = recordingSdp([
      { kind: 'video', port: 50_000, codec: { mimeType: 'video/VP8', payloadType: 101, clockRate: 90_000, parameters: {} } },
      { kind: 'audio', port: 50_002, codec: { mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000, channels: 2, parameters: { minptime: 10, useinbandfec: 1 } } },
    ]);
    expect(sdp.split('\r\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=hoinghi recording',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=video 50000 RTP/AVP 101',
      'a=rtpmap:101 VP8/90000',
      'a=recvonly',
      'm=audio 50002 RTP/AVP 100',
      'a=rtpmap:100 opus/48000/2',
      'a=fmtp:100 minptime=10;useinbandfec=1',
      'a=recvonly',
      '',
    ]);
  });
});
