import { describe, expect, it } from 'vitest';
import { plainCodec, RtpParametersSchema } from './media.js';

describe('codecs on the media wire', () => {
  it('keeps plain codec parameters and drops nested ones, so a consumer pushed to a browser parses as RtpParametersWire without a cast', () => {
    // mediasoup types a codec's parameters as any value; the wire (and the server's own check) takes plain ones.
    const codec = { mimeType: 'video/H264', clockRate: 90_000, payloadType: 102, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', nested: { x: 1 } } };
    expect(plainCodec(codec)).toEqual({ mimeType: 'video/H264', clockRate: 90_000, payloadType: 102, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' } });
    expect(RtpParametersSchema.safeParse({ codecs: [codec] }).success).toBe(false);
    expect(RtpParametersSchema.safeParse({ codecs: [plainCodec(codec)] }).success).toBe(true);
  });

  it('leaves a codec without parameters as it is', () => {
    const opus = { mimeType: 'audio/opus', clockRate: 48_000, channels: 2 };
    expect(plainCodec(opus)).toEqual(opus);
  });
});
