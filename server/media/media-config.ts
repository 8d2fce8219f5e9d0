import type { types } from 'mediasoup';
import type { Config } from '../config/config.js';
import type { MediaAddress } from './media-addresses.js';

/**
 * What the SFU offers. VP8 because every browser a district office has decodes it in software and
 * simulcast with it is mature; Opus for audio (the browser adds in-band FEC and DTX; we ask for both
 * in the client's codec options). H.264 is left out on purpose: Debian's Chromium cannot encode
 * it without proprietary codecs, and one video codec means no transcoding-free mismatch.
 */
export const ROUTER_MEDIA_CODECS: types.RouterRtpCodecCapability[] = [
  {
    kind: 'audio',
    mimeType: 'audio/opus',
    clockRate: 48_000,
    channels: 2,
    parameters: { useinbandfec: 1, usedtx: 1 },
  },
  {
    kind: 'video',
    mimeType: 'video/VP8',
    clockRate: 90_000,
    parameters: { 'x-google-start-bitrate': 600 },
  },
];

export type MediaTuning = {
  /**
   * Above this many flowing consumers on one worker, a conference's further receivers go to a
   * router on another worker (piped). mediasoup's guidance is ~500; bench:sfu measured one worker
   * here carrying 572 flowing consumers within 1% loss and 50 ms p99, and not 764.
   */
  maxConsumersPerWorker: number;
  /**
   * From this many senders on, a conference's further senders go to a router on every worker, each
   * to the one whose senders bring in the least (router-slot.ts); below it every producer stays on
   * the conference's first worker and nothing is piped for a small meeting. At the bench's
   * 344 packets/s a point, 32 senders are ~11,000 packets/s of SRTP to decrypt.
   */
  spreadSendersFrom: number;
  /** How often link health is sampled, ms. */
  healthIntervalMs: number;
  /** A point that sent media and then sent no RTP for this long is reported lost, ms. */
  noMediaLostAfterMs: number;
  /** Interval of the audio levels behind the talking indicator, ms (see talking.ts: measured at 500). */
  activeSpeakerIntervalMs: number;
  /** Bitrate a receiver starts at before its estimate ramps up, bps. */
  initialOutgoingBitrate: number;
};

export const DEFAULT_TUNING: MediaTuning = {
  maxConsumersPerWorker: 500,
  spreadSendersFrom: 32,
  healthIntervalMs: 1000,
  noMediaLostAfterMs: 3000,
  activeSpeakerIntervalMs: 500,
  initialOutgoingBitrate: 1_000_000,
};

/**
 * One WebRtcServer per worker: worker i listens on rtc.port + i, UDP and (unless disabled) TCP, on
 * the same number, at each of the media addresses (see media-addresses.ts).
 */
export function webRtcListenInfos(rtc: Config['rtc'], workerIndex: number, addresses: MediaAddress[]): types.TransportListenInfo[] {
  // Port 0 (tests) lets each socket take a free port from the rtcMinPort..rtcMaxPort range.
  const port = rtc.port === 0 ? {} : { port: rtc.port + workerIndex };
  return addresses.flatMap((address) => {
    const common = { ip: address.ip, ...(address.announcedAddress ? { announcedAddress: address.announcedAddress } : {}), ...port };
    return [{ protocol: 'udp' as const, ...common }, ...(rtc.tcp ? [{ protocol: 'tcp' as const, ...common }] : [])];
  });
}
