import { describe, expect, it } from 'vitest';
import { linkVerdict } from './linkHealth.js';
import { mediaBadgeState } from '../media.js';
import { sampleOwnLink } from './ownLink.js';
import { asPointHealth } from './ownLinkHealth.js';

const stats = (bytesSent: number, bytesReceived: number, lost: number, received: number) => [
  { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.042, bytesSent, bytesReceived },
  { type: 'candidate-pair', state: 'failed', currentRoundTripTime: 9 },
  { type: 'remote-inbound-rtp', fractionLost: 0.01 },
  { type: 'inbound-rtp', packetsLost: lost, packetsReceived: received },
  { type: 'outbound-rtp', bytesSent: 1 },
];

describe('a room’s own link, from its WebRTC statistics', () => {
  it('reads the round trip and the loss the SFU reports on our sending', () => {
    const s = sampleOwnLink(stats(1000, 2000, 0, 100), 0, null);
    expect(s.rttMs).toBe(42);
    expect(s.uplinkLossPercent).toBeCloseTo(1);
    expect(s.downlinkLossPercent).toBeNull();
    expect(s.sendBitrate).toBe(0);
  });

  it('turns counters into bitrates and downlink loss over the interval', () => {
    const first = sampleOwnLink(stats(1000, 2000, 0, 100), 0, null);
    const second = sampleOwnLink(stats(126_000, 252_000, 5, 195), 1000, first.counters);
    expect(second.sendBitrate).toBe(1_000_000);
    expect(second.recvBitrate).toBe(2_000_000);
    expect(second.downlinkLossPercent).toBeCloseTo(5);
    expect(linkVerdict(asPointHealth('tb', second))).toBe('fair');
  });

  it('says nothing measured when there is no connected pair yet', () => {
    const s = sampleOwnLink([{ type: 'candidate-pair', state: 'in-progress' }], 0, null);
    expect(linkVerdict(asPointHealth('tb', s))).toBe('unknown');
  });
});

describe('the console’s media badge (issue 12: "Hình, tiếng: tốt" with nothing flowing)', () => {
  const rtp = (sent: number, received: number, pair = 'succeeded') => [
    { type: 'candidate-pair', state: pair, nominated: true, currentRoundTripTime: 0.01, bytesSent: 100, bytesReceived: 100 },
    { type: 'outbound-rtp', packetsSent: sent },
    { type: 'inbound-rtp', packetsLost: 0, packetsReceived: received },
  ];
  it('says good only once packets are measured flowing', () => {
    const first = sampleOwnLink(rtp(10, 10), 0, null);
    expect(mediaBadgeState('connected', null)).toBe('measuring');
    expect(mediaBadgeState('connected', first)).toBe('measuring');
    expect(mediaBadgeState('connected', sampleOwnLink(rtp(20, 10), 3000, first.counters))).toBe('connected');
    expect(mediaBadgeState('connected', sampleOwnLink(rtp(10, 10), 3000, first.counters))).toBe('noMedia');
  });
  it('says the server is unreachable when no ICE pair succeeded (firewall, announced address)', () => {
    const first = sampleOwnLink(rtp(0, 0, 'in-progress'), 0, null);
    expect(mediaBadgeState('connected', first)).toBe('unreachable');
    expect(mediaBadgeState('connected', sampleOwnLink(rtp(0, 0, 'failed'), 3000, first.counters))).toBe('unreachable');
    expect(mediaBadgeState('connecting', first)).toBe('connecting');
  });
});
