// Points' devices per node, in PostgreSQL (migration 4): presence across the nodes of a cluster.
// Each node writes how many devices of each point it holds now; a point has a device somewhere
// while a node seen within `freshMs` (its heartbeat in cluster_nodes) holds one. A node that dies
// stops counting when its heartbeat stops: no node has to clean up after it for presence to be right.
//
// One live device per point across nodes (migration 6): each row also says since when (by the
// database's clock) the node's device of the point is live. A device becomes live across nodes
// through `claim`, which reads the other nodes' rows and writes this node's under a lock of the
// point (a transaction-scoped advisory lock): two nodes admitting a device of one point at the
// same instant are decided one after the other, so the second sees the first's live device.
// Where two live devices still meet (a takeover through another node; a device admitted while the
// database was away), the later `live_since` is the point's live device.
import type { LeaseQuery } from './pgLeases.js';

export interface DeviceCount {
  readonly live: number;
  readonly standby: number;
}

/** A node's live device of a point, and since when, in epoch ms by the database's clock. */
export interface LiveHolder {
  readonly nodeId: string;
  readonly pointId: string;
  readonly liveSince: number;
}

/** What a claim writes for this node, decided once the other nodes' live devices are known; null writes nothing. */
export type ClaimDecision = { readonly count: DeviceCount; readonly live: boolean } | null;

export type Transaction = <T>(work: (query: LeaseQuery) => Promise<T>) => Promise<T>;

/**
 * This node's row. `live_since` is kept while the node's device stays live, set (clock_timestamp,
 * not the transaction's start, so a claim that waited for the lock is dated after the one it
 * waited for) when it becomes live or when `renew` says a device just claimed it, cleared without one.
 */
const UPSERT = `INSERT INTO cluster_point_devices AS d (node_id, conference_id, point_id, live, standby, live_since)
  VALUES ($1, $2, $3, $4, $5, CASE WHEN $4 > 0 THEN clock_timestamp() END)
  ON CONFLICT (conference_id, point_id, node_id) DO UPDATE SET live = excluded.live, standby = excluded.standby,
    live_since = CASE WHEN excluded.live = 0 THEN NULL
                      WHEN $6 OR d.live = 0 OR d.live_since IS NULL THEN clock_timestamp()
                      ELSE d.live_since END`;

export class PointDeviceRegistry {
  readonly #nodeId: string;
  readonly #query: LeaseQuery;
  readonly #transaction: Transaction;

  constructor(nodeId: string, query: LeaseQuery, transaction: Transaction) {
    this.#nodeId = nodeId;
    this.#query = query;
    this.#transaction = transaction;
  }

  get nodeId(): string {
    return this.#nodeId;
  }

  /** This node's devices of a point now; none removes its row. */
  async set(conferenceId: string, pointId: string, count: DeviceCount): Promise<void> {
    await write(this.#query, this.#nodeId, conferenceId, pointId, count, false);
  }

  /** Devices of a point held by live nodes other than this one. */
  async elsewhere(conferenceId: string, pointId: string, freshMs: number): Promise<DeviceCount> {
    return elsewhere(this.#query, this.#nodeId, conferenceId, pointId, freshMs);
  }

  /**
   * Under the point's lock: whether a live node other than this one holds a live device of the
   * point, and this node's row as `decide` says from that (a device made live is dated now).
   */
  async claim(conferenceId: string, pointId: string, freshMs: number, decide: (liveElsewhere: boolean) => ClaimDecision): Promise<{ liveElsewhere: boolean; decision: ClaimDecision }> {
    return this.#transaction(async (query) => {
      // hashtextextended: a 64-bit key of the point, so two points rarely share a lock (and if they do, they only wait).
      await query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [JSON.stringify(['point-live', conferenceId, pointId])]);
      const liveElsewhere = (await elsewhere(query, this.#nodeId, conferenceId, pointId, freshMs)).live > 0;
      const decision = decide(liveElsewhere);
      if (decision) await write(query, this.#nodeId, conferenceId, pointId, decision.count, decision.live);
      return { liveElsewhere, decision };
    });
  }

  /** The live devices of a conference's points on live nodes (this one included), and since when. */
  async liveHolders(conferenceId: string, freshMs: number): Promise<LiveHolder[]> {
    const { rows } = await this.#query<{ node_id: string; point_id: string; since_ms: number | null }>(
      `SELECT d.node_id, d.point_id, (extract(epoch FROM d.live_since) * 1000)::float8 AS since_ms
         FROM cluster_point_devices d JOIN cluster_nodes n ON n.node_id = d.node_id
        WHERE d.conference_id = $1 AND d.live > 0
          AND (d.node_id = $2 OR n.seen_at > now() - make_interval(secs => $3::float8 / 1000))`,
      [conferenceId, this.#nodeId, freshMs],
    );
    return rows.filter((r) => r.since_ms !== null).map((r) => ({ nodeId: r.node_id, pointId: r.point_id, liveSince: r.since_ms! }));
  }

  /** The points of a conference with a device on some live node (this one included), with their totals. */
  async ofConference(conferenceId: string, freshMs: number): Promise<Map<string, DeviceCount>> {
    const { rows } = await this.#query<{ point_id: string; live: number; standby: number }>(
      `SELECT d.point_id, SUM(d.live)::int AS live, SUM(d.standby)::int AS standby
         FROM cluster_point_devices d JOIN cluster_nodes n ON n.node_id = d.node_id
        WHERE d.conference_id = $1 AND (d.node_id = $2 OR n.seen_at > now() - make_interval(secs => $3::float8 / 1000))
        GROUP BY d.point_id`,
      [conferenceId, this.#nodeId, freshMs],
    );
    return new Map(rows.map((r) => [r.point_id, { live: r.live, standby: r.standby }]));
  }

  /** Removes this node's rows (a clean stop) and those of nodes not seen for `goneMs` (they died). */
  async tidy(goneMs: number, own: boolean): Promise<void> {
    await this.#query(
      `DELETE FROM cluster_point_devices d
        WHERE ($1 AND d.node_id = $2)
           OR NOT EXISTS (SELECT 1 FROM cluster_nodes n WHERE n.node_id = d.node_id AND n.seen_at > now() - make_interval(secs => $3::float8 / 1000))
              AND d.node_id <> $2`,
      [own, this.#nodeId, goneMs],
    );
  }
}

async function write(query: LeaseQuery, nodeId: string, conferenceId: string, pointId: string, count: DeviceCount, claimed: boolean): Promise<void> {
  if (count.live + count.standby === 0) {
    await query('DELETE FROM cluster_point_devices WHERE conference_id = $1 AND point_id = $2 AND node_id = $3', [conferenceId, pointId, nodeId]);
    return;
  }
  await query(UPSERT, [nodeId, conferenceId, pointId, count.live, count.standby, claimed]);
}

async function elsewhere(query: LeaseQuery, nodeId: string, conferenceId: string, pointId: string, freshMs: number): Promise<DeviceCount> {
  const { rows } = await query<{ live: number; standby: number }>(
    `SELECT COALESCE(SUM(d.live), 0)::int AS live, COALESCE(SUM(d.standby), 0)::int AS standby
       FROM cluster_point_devices d JOIN cluster_nodes n ON n.node_id = d.node_id
      WHERE d.conference_id = $1 AND d.point_id = $2 AND d.node_id <> $3
        AND n.seen_at > now() - make_interval(secs => $4::float8 / 1000)`,
    [conferenceId, pointId, nodeId, freshMs],
  );
  return rows[0] ?? { live: 0, standby: 0 };
}
