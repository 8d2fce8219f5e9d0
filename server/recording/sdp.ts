import type { TapCodec } from '../media/media-tap.js';

// The SDP a recorder's ffmpeg reads: one m-line per tap, on the local port the tap sends to. The
// payload type, clock rate and channels are the consumer's own (mediasoup chose them), so ffmpeg
// copies the stream without guessing or re-encoding.

export type SdpStream = { kind: 'audio' | 'video'; port: number; codec: TapCodec };

export function recordingSdp(streams: readonly SdpStream[], ip = '127.0.0.1'): string {
  const lines = ['v=0', `o=- 0 0 IN IP4 ${ip}`, 's=hoinghi recording', `c=IN IP4 ${ip}`, 't=0 0'];
  for (const s of streams) {
    const { payloadType: pt, clockRate, channels } = s.codec;
    const name = s.codec.mimeType.split('/')[1] ?? s.codec.mimeType;
    lines.push(`m=${s.kind} ${s.port} RTP/AVP ${pt}`);
    lines.push(`a=rtpmap:${pt} ${name}/${clockRate}${channels && channels > 1 ? `/${channels}` : ''}`);
    const fmtp = Object.entries(s.codec.parameters)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(';');
    if (fmtp) lines.push(`a=fmtp:${pt} ${fmtp}`);
    lines.push('a=recvonly');
  }
  return `${lines.join('\r\n')}\r\n`;
}
