// The nodes of a cluster, as they announce themselves in PostgreSQL: where a node is reached (the
// URL other nodes forward commands to), its media workers and its load (sockets, conferences it
// writes). A conference's lease names its owner's node id; this table turns it into an address.
// Times are the database's (now()), like the leases'.
import type { LeaseQuery } from './pgLeases.js';
import { InvalidStoreArgumentError } from './errors.js';

export interface NodeLoad {
  readonly workers: number;
  readonly sockets: number;
  readonly conferences: number;
}

/** What a node writes about itself at every heartbeat. */
export interface NodeAnnouncement {
  /** where other nodes reach it (forwarded commands) */
  readonly url: string;
  /** where browsers reach it; the node's url when not given */
  readonly publicUrl?: string;
  /** where it serves (HOINGHI_NODE_REGION, e.g. a province's code); null: any region */
  readonly region?: string | null;
  readonly load: NodeLoad;
}

export interface ClusterNode extends NodeLoad {
  readonly nodeId: string;
  readonly url: string;
  readonly publicUrl: string;
  readonly region: string | null;
  /** seen within the last `freshMs` */
  readonly live: boolean;
  /** epoch ms by the database's clock */
  readonly seenAt: number;
}

interface NodeRow {
  node_id: string;
  url: string;
  public_url: string | null;
  region: string | null;
  workers: number;
  sockets: number;
  conferences: number;
  seen_ms: number;
  live: boolean;
}

export class NodeRegistry {
  readonly #nodeId: string;
  readonly #query: LeaseQuery;

  constructor(nodeId: string, query: LeaseQuery) {
    this.#nodeId = nodeId;
    this.#query = query;
  }

  /** This node's row: written at start and at every tick (its heartbeat). */
  async announce(self: NodeAnnouncement): Promise<void> {
    const { url, load } = self;
    const publicUrl = self.publicUrl ?? url;
    for (const u of [url, publicUrl]) {
      if (!/^https?:\/\/[^\s]{1,500}$/.test(u)) throw new InvalidStoreArgumentError(`node url must be an http(s) URL, got ${u.slice(0, 80)}`);
    }
    const region = self.region ?? null;
    if (region !== null && !/^[\p{L}\p{N}._-]{1,64}$/u.test(region)) throw new InvalidStoreArgumentError(`node region must be 1-64 letters, digits, '.', '_' or '-', got ${region.slice(0, 80)}`);
    await this.#query(
      `INSERT INTO cluster_nodes (node_id, url, public_url, region, workers, sockets, conferences) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (node_id) DO UPDATE SET url = excluded.url, public_url = excluded.public_url, region = excluded.region,
         workers = excluded.workers, sockets = excluded.sockets, conferences = excluded.conferences, seen_at = now()`,
      [this.#nodeId, url, publicUrl, region, load.workers, load.sockets, load.conferences],
    );
  }

  /** A clean stop takes the node off the list. */
  async withdraw(): Promise<void> {
    await this.#query('DELETE FROM cluster_nodes WHERE node_id = $1', [this.#nodeId]);
  }

  /** Every node known, freshest first; `live` when seen within `freshMs`. */
  async list(freshMs: number): Promise<ClusterNode[]> {
    const { rows } = await this.#query<NodeRow>(
      `SELECT node_id, url, public_url, region, workers, sockets, conferences, (extract(epoch FROM seen_at) * 1000)::float8 AS seen_ms,
              seen_at > now() - make_interval(secs => $1::float8 / 1000) AS live
         FROM cluster_nodes ORDER BY seen_at DESC`,
      [freshMs],
    );
    return rows.map((row) => ({ nodeId: row.node_id, url: row.url, publicUrl: row.public_url ?? row.url, region: row.region, workers: row.workers, sockets: row.sockets, conferences: row.conferences, live: row.live, seenAt: row.seen_ms }));
  }

  /** Where the live owner of a conference's lease is reached; null while no node holds a live lease. */
  async ownerUrl(conferenceId: string): Promise<string | null> {
    const { rows } = await this.#query<{ url: string }>(
      `SELECT n.url FROM conference_leases l JOIN cluster_nodes n ON n.node_id = l.owner
        WHERE l.conference_id = $1 AND l.expires_at > now()`,
      [conferenceId],
    );
    return rows[0]?.url ?? null;
  }
}
