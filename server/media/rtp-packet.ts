// The little of an RTP packet the server reads itself (the live program's slots, the recorders'
// relay): the header's length and fields, and whether a VP8 payload begins a key frame.

export type RtpHeader = { headerLength: number; marker: boolean; seq: number; ts: number; pt: number };

export function rtpHeader(p: Buffer): RtpHeader | null {
  if (p.length < 12 || p[0]! >> 6 !== 2) return null;
  const pt = p[1]! & 0x7f;
  // RTCP muxed on the same port (sender reports, payload types 72–76 with the marker bit) is not media.
  if (pt >= 72 && pt <= 76) return null;
  const cc = p[0]! & 0x0f;
  let headerLength = 12 + 4 * cc;
  if (p[0]! & 0x10) {
    if (p.length < headerLength + 4) return null;
    headerLength += 4 + 4 * p.readUInt16BE(headerLength + 2);
  }
  if (p.length <= headerLength) return null;
  return { headerLength, marker: (p[1]! & 0x80) !== 0, seq: p.readUInt16BE(2), ts: p.readUInt32BE(4), pt };
}

/** True for the first packet of a VP8 key frame (RFC 7741: S bit, partition 0, P bit clear in the payload header). */
export function isVp8KeyFrameStart(payload: Buffer): boolean {
  let i = 0;
  const first = payload[i++]!;
  if (!(first & 0x10) || (first & 0x0f) !== 0) return false;
  if (first & 0x80) {
    const x = payload[i++]!;
    if (x & 0x80) i += payload[i]! & 0x80 ? 2 : 1;
    if (x & 0x40) i += 1;
    if (x & 0x30) i += 1;
  }
  return i < payload.length && (payload[i]! & 0x01) === 0;
}

/** True for an RTP packet whose VP8 payload begins a key frame. */
export function startsVp8KeyFrame(packet: Buffer): boolean {
  const h = rtpHeader(packet);
  return h !== null && isVp8KeyFrameStart(packet.subarray(h.headerLength));
}
