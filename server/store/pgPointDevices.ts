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
//
// Which standby is promoted (migration 8): each waiting standby has a row of its own in
// cluster_point_standbys, dated by the database's clock when it was admitted (under the point's
// lock). When no live node holds a live device of the point, `promoteOldest` picks, under the
// same lock, the standby that has waited longest on any live node; only the node holding it
// promotes it, as one node promotes its oldest standby.
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

/**
 * What a claim writes for this node, decided once the other nodes' devices are known; null writes
 * nothing. `waiting`: the joining device is a standby, dated now as waiting (its socket id);
 * `waitedAs`: its socket id on a connection it lost while it waited (on any node): it takes that
 * row's place in the queue (its date) instead.
 */
export type ClaimDecision = { readonly count: DeviceCount; readonly live: boolean; readonly waiting?: string; readonly waitedAs?: string } | null;

/** A node's standby devices of a point: those connected now, and those that left or became live since the last write. */
export interface StandbysHere {
  readonly waiting: readonly string[];
  readonly gone: readonly string[];
}

/** The standby that waited longest on a live node: promoted by `node`, `here` when that is this node. */
export interface OldestStandby {
  readonly nodeId: string;
  readonly deviceId: string;
  readonly here: boolean;
}

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

  /**
   * This node's devices of a point now; none removes its row. `standbys`: the standbys waiting
   * here are dated if they are not yet (admitted while the database was away), those gone are removed.
   */
  async set(conferenceId: string, pointId: string, count: DeviceCount, standbys?: StandbysHere): Promise<void> {
    await write(this.#query, this.#nodeId, conferenceId, pointId, count, false);
    if (standbys) await writeStandbys(this.#query, this.#nodeId, conferenceId, pointId, standbys);
  }

  /** Devices of a point held by live nodes other than this one. */
  async elsewhere(conferenceId: string, pointId: string, freshMs: number): Promise<DeviceCount> {
    return elsewhere(this.#query, this.#nodeId, conferenceId, pointId, freshMs);
  }

  /**
   * Under the point's lock: whether a live node other than this one holds a live device of the
   * point (or, none, a standby waiting to be promoted), and this node's row as `decide` says from
   * that (a device made live is dated now; a device made a standby is dated as waiting now).
   */
  async claim(
    conferenceId: string,
    pointId: string,
    freshMs: number,
    decide: (liveElsewhere: boolean, waitingElsewhere: boolean) => ClaimDecision,
  ): Promise<{ liveElsewhere: boolean; waitingElsewhere: boolean; decision: ClaimDecision }> {
    return this.#transaction(async (query) => {
      await lockPoint(query, conferenceId, pointId);
      const others = await elsewhere(query, this.#nodeId, conferenceId, pointId, freshMs);
      const liveElsewhere = others.live > 0;
      const waitingElsewhere = !liveElsewhere && others.standby > 0;
      const decision = decide(liveElsewhere, waitingElsewhere);
      if (decision) await write(query, this.#nodeId, conferenceId, pointId, decision.count, decision.live);
      if (decision?.waiting !== undefined) {
        if (decision.waitedAs !== undefined) await keepPlace(query, this.#nodeId, conferenceId, pointId, decision.waitedAs, decision.waiting);
        await writeStandbys(query, this.#nodeId, conferenceId, pointId, { waiting: [decision.waiting], gone: [] });
      }
      return { liveElsewhere, waitingElsewhere, decision };
    });
  }

  /**
   * Under the point's lock, when no live node other than this one holds a live device of the point
   * (this node holds none either: its caller says so): the standby that has waited longest on a
   * live node, by the database's clock. This node's standbys are those of `waiting` (connected
   * now; one not dated yet is dated now); its other rows are of devices gone or not admitted yet.
   * If the oldest is this node's, this node's row says it is live (dated now) and it no longer
   * waits: the caller promotes that device. Null: a live device elsewhere, or no standby.
   */
  async promoteOldest(conferenceId: string, pointId: string, freshMs: number, waiting: readonly string[]): Promise<OldestStandby | null> {
    return this.#transaction(async (query) => {
      await lockPoint(query, conferenceId, pointId);
      if ((await elsewhere(query, this.#nodeId, conferenceId, pointId, freshMs)).live > 0) return null;
      await writeStandbys(query, this.#nodeId, conferenceId, pointId, { waiting, gone: [] });
      const { rows } = await query<{ node_id: string; device_id: string }>(
        `SELECT s.node_id, s.device_id FROM cluster_point_standbys s LEFT JOIN cluster_nodes n ON n.node_id = s.node_id
          WHERE s.conference_id = $1 AND s.point_id = $2
            AND (s.node_id = $3 AND s.device_id = ANY($4::text[])
                 OR s.node_id <> $3 AND n.seen_at > now() - make_interval(secs => $5::float8 / 1000))
          ORDER BY s.waiting_since, s.node_id, s.device_id LIMIT 1`,
        [conferenceId, pointId, this.#nodeId, waiting, freshMs],
      );
      const oldest = rows[0];
      if (!oldest) return null;
      const here = oldest.node_id === this.#nodeId;
      if (here) {
        await write(query, this.#nodeId, conferenceId, pointId, { live: 1, standby: waiting.length - 1 }, true);
        await writeStandbys(query, this.#nodeId, conferenceId, pointId, { waiting: [], gone: [oldest.device_id] });
      }
      return { nodeId: oldest.node_id, deviceId: oldest.device_id, here };
    });
  }

  /** The standbys of a point waiting on live nodes (this one included), oldest first, for the consoles and tests. */
  async standbys(conferenceId: string, pointId: string, freshMs: number): Promise<{ nodeId: string; deviceId: string; waitingSince: number }[]> {
    const { rows } = await this.#query<{ node_id: string; device_id: string; since_ms: number }>(
      `SELECT s.node_id, s.device_id, (extract(epoch FROM s.waiting_since) * 1000)::float8 AS since_ms
         FROM cluster_point_standbys s LEFT JOIN cluster_nodes n ON n.node_id = s.node_id
        WHERE s.conference_id = $1 AND s.point_id = $2
          AND (s.node_id = $3 OR n.seen_at > now() - make_interval(secs => $4::float8 / 1000))
        ORDER BY s.waiting_since, s.node_id, s.device_id`,
      [conferenceId, pointId, this.#nodeId, freshMs],
    );
    return rows.map((r) => ({ nodeId: r.node_id, deviceId: r.device_id, waitingSince: r.since_ms }));
  }

  /**
   * This node's standby rows of devices not connected here (`waiting`: every standby connected
   * now) and dated more than `afterMs` ago: admissions that never became sessions (a handshake that
   * failed after its claim). Younger rows may be of devices being admitted right now.
   */
  async forgetStrayStandbys(waiting: readonly string[], afterMs: number): Promise<void> {
    await this.#query(
      `DELETE FROM cluster_point_standbys WHERE node_id = $1 AND NOT (device_id = ANY($2::text[]))
          AND waiting_since < clock_timestamp() - make_interval(secs => $3::float8 / 1000)`,
      [this.#nodeId, waiting, afterMs],
    );
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
    for (const table of ['cluster_point_devices', 'cluster_point_standbys']) {
      await this.#query(
        `DELETE FROM ${table} d
          WHERE ($1 AND d.node_id = $2)
             OR NOT EXISTS (SELECT 1 FROM cluster_nodes n WHERE n.node_id = d.node_id AND n.seen_at > now() - make_interval(secs => $3::float8 / 1000))
                AND d.node_id <> $2`,
        [own, this.#nodeId, goneMs],
      );
    }
  }
}

async function write(query: LeaseQuery, nodeId: string, conferenceId: string, pointId: string, count: DeviceCount, claimed: boolean): Promise<void> {
  if (count.live + count.standby === 0) {
    await query('DELETE FROM cluster_point_devices WHERE conference_id = $1 AND point_id = $2 AND node_id = $3', [conferenceId, pointId, nodeId]);
    return;
  }
  await query(UPSERT, [nodeId, conferenceId, pointId, count.live, count.standby, claimed]);
}

/** The point's lock across nodes, until the transaction ends. */
async function lockPoint(query: LeaseQuery, conferenceId: string, pointId: string): Promise<void> {
  // hashtextextended: a 64-bit key of the point, so two points rarely share a lock (and if they do, they only wait).
  await query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [JSON.stringify(['point-live', conferenceId, pointId])]);
}

/** Standbys dated when first written (clock_timestamp: after any claim this one waited for); a date is never moved. */
async function writeStandbys(query: LeaseQuery, nodeId: string, conferenceId: string, pointId: string, standbys: StandbysHere): Promise<void> {
  if (standbys.gone.length > 0) {
    await query('DELETE FROM cluster_point_standbys WHERE conference_id = $1 AND point_id = $2 AND node_id = $3 AND device_id = ANY($4::text[])', [conferenceId, pointId, nodeId, standbys.gone]);
  }
  if (standbys.waiting.length > 0) {
    await query(
      `INSERT INTO cluster_point_standbys (conference_id, point_id, node_id, device_id, waiting_since)
       SELECT $1, $2, $3, w, clock_timestamp() FROM unnest($4::text[]) AS w ON CONFLICT DO NOTHING`,
      [conferenceId, pointId, nodeId, standbys.waiting],
    );
  }
}

/**
 * A standby that waited on a connection it lost (its node died, or its network dropped) and joins
 * again as `deviceId`: the old connection's row of this point (on whichever node) becomes this
 * node's row of the new one, with its date, so the device does not queue behind standbys that
 * joined after it. Only a row of the same conference and point (the token's) is taken; a socket id
 * is random and known only to its device, so no other device can take a place that is not its own.
 * No such row (it was promoted, left, or tidied away): nothing; the device is dated now.
 */
async function keepPlace(query: LeaseQuery, nodeId: string, conferenceId: string, pointId: string, waitedAs: string, deviceId: string): Promise<void> {
  await query(
    `WITH old AS (
       DELETE FROM cluster_point_standbys
        WHERE conference_id = $1 AND point_id = $2 AND device_id = $4 AND NOT (node_id = $3 AND device_id = $5)
       RETURNING waiting_since)
     INSERT INTO cluster_point_standbys (conference_id, point_id, node_id, device_id, waiting_since)
     SELECT $1, $2, $3, $5, min(waiting_since) FROM old HAVING count(*) > 0
     ON CONFLICT DO NOTHING`,
    [conferenceId, pointId, nodeId, waitedAs, deviceId],
  );
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
