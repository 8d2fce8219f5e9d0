import type { PointHealth } from '../../../shared/media/health.js';
import type { OwnLinkSample } from './ownLink.js';

// Apart from ownLink.ts: the sampler runs in the media chunk, which a point's first script loads
// before the app (client/ui/earlyJoin.ts), and a module both used would be put in the app's chunk.

/** The sample in the shape the link-health view reads. */
export function asPointHealth(pointId: string, s: OwnLinkSample): PointHealth {
  return {
    pointId,
    connected: true,
    lost: false,
    lostSince: null,
    lastMediaAt: s.counters.at,
    silentForSeconds: 0,
    rttMs: s.rttMs,
    uplinkLossPercent: s.uplinkLossPercent,
    downlinkLossPercent: s.downlinkLossPercent,
    sendBitrate: s.sendBitrate,
    recvBitrate: s.recvBitrate,
    media: s.flowing === null ? 'waiting' : s.flowing ? 'flowing' : 'none',
    transportConnected: s.transportConnected,
    microphoneOpen: false,
    receives: [],
  };
}
