import { createHash } from 'node:crypto';

// Which node a point should connect to, as a pure ranking of the cluster's nodes (no I/O): the
// placement API answers a fresh client with it, and the `nodes` notice gives every client the
// same ranking so that, when its node dies, it moves to the next one in it.
//
// The order, most preferred first:
//   1. dead nodes are left out (not seen within a lease's term);
//   2. nodes with room before full ones (a full node is still listed, last: better a crowded
//      node than none);
//   3. with a region asked for: the nodes of that region, then the nodes of no region (they serve
//      anyone), then the others; without one, region does not matter;
//   4. the least loaded first: sockets per unit of capacity (media workers × SOCKETS_PER_WORKER);
//   5. ties broken by a hash of the client's key with the node's id (rendezvous hashing): equal
//      nodes share the points of a burst of joins instead of all of them going to the first one
//      (the loads are only refreshed once a second), and one client always gets the same order.

/** Sockets one media worker is planned for: about 1 + 128 points on a 2-core node (docs/SCALE.md). */
export const SOCKETS_PER_WORKER = 64;

export interface PlacementNode {
  readonly nodeId: string;
  /** where browsers reach it */
  readonly publicUrl: string;
  /** null: the node serves any region */
  readonly region: string | null;
  readonly live: boolean;
  readonly sockets: number;
  /** media workers; a node without media counts as one worker's capacity for signalling */
  readonly workers: number;
}

export interface PlacementWish {
  /** the point's region (placementRegionOf); absent: any */
  readonly region?: string | null | undefined;
  /** spreads ties; the link's id, for instance */
  readonly key?: string | undefined;
}

/**
 * The region a client is placed by: its point's, from the point's record (the organiser set it
 * once, R-SETUP-10), before the one its link or handshake names (`?region=`, `auth.region`), which
 * counts only where the record has none (a point not given one; a chair, clerk or observer, who
 * belong to no point). The record wins because it is the organiser's one place for it: a link
 * forwarded with an old or mistyped `?region=` does not send a commune to another province's node.
 */
export function placementRegionOf(recorded: string | null | undefined, asked: string | undefined): string | undefined {
  return recorded ?? asked;
}

export function capacityOf(node: PlacementNode, socketsPerWorker = SOCKETS_PER_WORKER): number {
  return Math.max(1, node.workers) * socketsPerWorker;
}

/** The live nodes, most preferred first (see the order above). */
export function rankNodes<N extends PlacementNode>(nodes: readonly N[], wish: PlacementWish = {}, socketsPerWorker = SOCKETS_PER_WORKER): N[] {
  const region = wish.region ?? null;
  const key = wish.key ?? '';
  const scored = nodes
    .filter((n) => n.live)
    .map((node) => {
      const capacity = capacityOf(node, socketsPerWorker);
      return {
        node,
        full: node.sockets >= capacity ? 1 : 0,
        region: region === null || node.region === region ? 0 : node.region === null ? 1 : 2,
        load: node.sockets / capacity,
        tie: tieBreak(key, node.nodeId),
      };
    });
  scored.sort((a, b) => a.full - b.full || a.region - b.region || a.load - b.load || (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0) || (a.node.nodeId < b.node.nodeId ? -1 : 1));
  return scored.map((s) => s.node);
}

function tieBreak(key: string, nodeId: string): string {
  return createHash('sha256').update(key).update('\u0000').update(nodeId).digest('hex').slice(0, 16);
}
