// A room's own link health, measured in its browser from WebRTC statistics. The SFU's health
// report goes to the chair and the clerk; a district room still needs to see its own link (so the
// operator can act before the chair calls), and the browser knows it first-hand.

export interface StatsLike {
  type: string;
  [key: string]: unknown;
}

export interface Counters {
  at: number;
  bytesSent: number;
  bytesReceived: number;
  packetsLost: number;
  packetsReceived: number;
  /** RTP packets we sent (outbound-rtp): media, not the STUN and RTCP a silent link still carries */
  packetsSent: number;
}

export interface OwnLinkSample {
  counters: Counters;
  rttMs: number | null;
  /** what the SFU reports losing of what we send (remote-inbound-rtp), percent */
  uplinkLossPercent: number | null;
  /** what we lose of what the SFU sends, over the last interval, percent */
  downlinkLossPercent: number | null;
  sendBitrate: number;
  recvBitrate: number;
  /** an ICE candidate pair to the SFU succeeded (its DTLS rides on it) */
  transportConnected: boolean;
  /** RTP packets went out or came in since the previous sample; null on the first sample */
  flowing: boolean | null;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** One sample from the stats of our transports, against the previous sample's counters. */
export function sampleOwnLink(stats: Iterable<StatsLike>, at: number, prev: Counters | null): OwnLinkSample {
  let rtt: number | null = null;
  let fractionLost: number | null = null;
  const counters: Counters = { at, bytesSent: 0, bytesReceived: 0, packetsLost: 0, packetsReceived: 0, packetsSent: 0 };
  let transportConnected = false;
  for (const s of stats) {
    if (s.type === 'candidate-pair' && s['state'] === 'succeeded' && s['nominated'] !== false) {
      transportConnected = true;
      const r = num(s['currentRoundTripTime']);
      if (r !== null) rtt = Math.max(rtt ?? 0, r * 1000);
      counters.bytesSent += num(s['bytesSent']) ?? 0;
      counters.bytesReceived += num(s['bytesReceived']) ?? 0;
    } else if (s.type === 'remote-inbound-rtp') {
      const f = num(s['fractionLost']);
      if (f !== null) fractionLost = Math.max(fractionLost ?? 0, f);
    } else if (s.type === 'inbound-rtp') {
      counters.packetsLost += Math.max(0, num(s['packetsLost']) ?? 0);
      counters.packetsReceived += num(s['packetsReceived']) ?? 0;
    } else if (s.type === 'outbound-rtp') {
      counters.packetsSent += num(s['packetsSent']) ?? 0;
    }
  }
  const seconds = prev ? (at - prev.at) / 1000 : 0;
  const rate = (now: number, before: number) => (seconds > 0 ? Math.max(0, ((now - before) * 8) / seconds) : 0);
  let downlink: number | null = null;
  if (prev) {
    const lost = counters.packetsLost - prev.packetsLost;
    const got = counters.packetsReceived - prev.packetsReceived;
    if (lost + got > 0) downlink = (Math.max(0, lost) / (Math.max(0, lost) + Math.max(0, got))) * 100;
  }
  return {
    counters,
    rttMs: rtt === null ? null : Math.round(rtt),
    uplinkLossPercent: fractionLost === null ? null : fractionLost * 100,
    downlinkLossPercent: downlink,
    sendBitrate: prev ? rate(counters.bytesSent, prev.bytesSent) : 0,
    recvBitrate: prev ? rate(counters.bytesReceived, prev.bytesReceived) : 0,
    transportConnected,
    flowing: prev ? counters.packetsSent > prev.packetsSent || counters.packetsReceived > prev.packetsReceived : null,
  };
}
