import type { RemoteTile } from './media-client.js';

/**
 * What each remote tile receives, from its consumer's inbound-rtp statistics: for support staff
 * (the devtools console) and the browser tests, which check that pictures are decoded and from
 * which producer (a point that moved to another node sends a new one).
 */
export type TileStats = {
  consumerId: string;
  producerId: string;
  pointId: string;
  source: string;
  kind: string;
  paused: boolean;
  framesDecoded: number;
  packetsReceived: number;
  frameWidth: number;
};

export async function tileStats(tiles: Iterable<RemoteTile>): Promise<TileStats[]> {
  return Promise.all(
    [...tiles].map(async (t) => {
      const base = { consumerId: t.consumerId, producerId: t.consumer.producerId, pointId: t.pointId, source: t.source, kind: t.kind, paused: t.paused };
      let inbound = { framesDecoded: 0, packetsReceived: 0, frameWidth: 0 };
      (await t.consumer.getStats()).forEach((s: { type: string; framesDecoded?: number; packetsReceived?: number; frameWidth?: number }) => {
        if (s.type === 'inbound-rtp') inbound = { framesDecoded: s.framesDecoded ?? 0, packetsReceived: s.packetsReceived ?? 0, frameWidth: s.frameWidth ?? 0 };
      });
      return { ...base, ...inbound };
    }),
  );
}
