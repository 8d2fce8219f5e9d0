import { EventEmitter } from 'node:events';
import type { GatewayServer, GatewaySocket } from '../gateway/session.js';
import type { ClusterNode } from '../store/pgNodes.js';
import { LEASE_TTL_MS } from './ownership.js';
import { MAX_CLUSTER_NODES } from '../../shared/protocol/socket.js';
import { placementRegion } from '../../shared/meeting/selectors-organiser.js';
import type { Identity } from '../auth/authenticate.js';
import type { MeetingRooms } from '../rooms/meetingCore.js';
import { placementRegionOf, rankNodes, type PlacementWish } from './placement.js';

// What this node knows of the others, read from the registry (cluster_nodes) at every tick: the
// live nodes' public URLs, regions and loads. Browsers are told the ranked list (the `nodes`
// notice; the placement API) so they can move to another node when theirs dies; the gateway and
// the CSP allow those nodes' origins, and no other, for a page served by one node whose socket
// goes to another.

export interface DirectoryEntry {
  readonly url: string;
  readonly region: string | null;
}

export class NodeDirectory extends EventEmitter<{ changed: [] }> {
  readonly #list: (freshMs: number) => Promise<ClusterNode[]>;
  #nodes: ClusterNode[] = [];
  #signature = '';

  constructor(list: (freshMs: number) => Promise<ClusterNode[]>) {
    super();
    this.#list = list;
  }

  /** Reads the registry; says `changed` when the set of live nodes (or their addresses) changed. */
  async refresh(): Promise<void> {
    const nodes = (await this.#list(LEASE_TTL_MS)).filter((n) => n.live);
    this.#nodes = nodes;
    const signature = nodes.map((n) => `${n.nodeId} ${n.publicUrl} ${n.region ?? ''}`).sort().join('\n');
    if (signature === this.#signature) return;
    this.#signature = signature;
    this.emit('changed');
  }

  /** The live nodes, most preferred first for this client (placement.ts). */
  ranked(wish: PlacementWish): DirectoryEntry[] {
    return rankNodes(this.#nodes, wish).slice(0, MAX_CLUSTER_NODES).map((n) => ({ url: n.publicUrl, region: n.region }));
  }

  /** The live nodes' origins: a page of one may open a socket to another. */
  origins(): string[] {
    const out = new Set<string>();
    for (const n of this.#nodes) {
      try {
        out.add(new URL(n.publicUrl).origin);
      } catch {
        // the registry checks URLs on write; a bad one is simply not allowed
      }
    }
    return [...out];
  }
}

/** The region in the record of the point a session acts for (R-SETUP-10), as this node's room knows it. */
export function recordedRegion(rooms: MeetingRooms, identity: Identity): string | null {
  const room = rooms.get(identity.conferenceId);
  return room ? placementRegion(room.state, identity.principal) : null;
}

/**
 * Every client of this node is told the live nodes, ranked for it (its point's region from the
 * record, else the one its handshake names; its link as the tie-break key): once when it
 * connects, and again whenever the set of live nodes changes.
 */
export function tellClientsTheNodes(io: GatewayServer, directory: NodeDirectory, rooms: MeetingRooms): void {
  const tell = (socket: GatewaySocket): void => {
    const { identity, region } = socket.data;
    if (!identity) return;
    const wish = { region: placementRegionOf(recordedRegion(rooms, identity), region), key: identity.link.id };
    socket.emit('nodes', { nodes: directory.ranked(wish) });
  };
  io.on('connection', tell);
  directory.on('changed', () => {
    for (const socket of io.of('/').sockets.values()) tell(socket);
  });
}
