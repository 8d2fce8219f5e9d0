// Points' devices per node, in PostgreSQL (migration 4): presence across the nodes of a cluster.
// Each node writes how many devices of each point it holds now; a point has a device somewhere
// while a node seen within `freshMs` (its heartbeat in cluster_nodes) holds one. A node that dies
// stops counting when its heartbeat stops: no node has to clean up after it for presence to be right.
import type { LeaseQuery } from './pgLeases.js';

export interface DeviceCount {
  readonly live: number;
  readonly standby: number;
}

export class PointDeviceRegistry {
  readonly #nodeId: string;
  readonly #query: LeaseQuery;

  constructor(nodeId: string, query: LeaseQuery) {
    this.#nodeId = nodeId;
    this.#query = query;
  }

  /** This node's devices of a point now; none removes its row. */
  async set(conferenceId: string, pointId: string, count: DeviceCount): Promise<void> {
    if (count.live + count.standby === 0) {
      await this.#query('DELETE FROM cluster_point_devices WHERE conference_id = $1 AND point_id = $2 AND node_id = $3', [conferenceId, pointId, this.#nodeId]);
      return;
    }
    await this.#query(
      `INSERT INTO cluster_point_devices (node_id, conference_id, point_id, live, standby) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (conference_id, point_id, node_id) DO UPDATE SET live = excluded.live, standby = excluded.standby`,
      [this.#nodeId, conferenceId, pointId, count.live, count.standby],
    );
  }

  /** Devices of a point held by live nodes other than this one. */
  async elsewhere(conferenceId: string, pointId: string, freshMs: number): Promise<DeviceCount> {
    const { rows } = await this.#query<{ live: number; standby: number }>(
      `SELECT COALESCE(SUM(d.live), 0)::int AS live, COALESCE(SUM(d.standby), 0)::int AS standby
         FROM cluster_point_devices d JOIN cluster_nodes n ON n.node_id = d.node_id
        WHERE d.conference_id = $1 AND d.point_id = $2 AND d.node_id <> $3
          AND n.seen_at > now() - make_interval(secs => $4::float8 / 1000)`,
      [conferenceId, pointId, this.#nodeId, freshMs],
    );
    return rows[0] ?? { live: 0, standby: 0 };
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
