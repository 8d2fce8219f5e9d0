import { expect } from 'vitest';
import { CONF, tokenOf } from '../../integration/support/fixture.js';
import type { NodeName, TestCluster } from './cluster.js';

// A point's devices across the test cluster's nodes, as the database holds them.

/** The nodes holding a live device of the point (cluster_point_devices), of nodes whose heartbeat is fresh. */
export async function liveOn(cluster: TestCluster, pointId: string): Promise<string[]> {
  const { rows } = await cluster.db.query<{ url: string }>(
    `SELECT n.url FROM cluster_point_devices d JOIN cluster_nodes n ON n.node_id = d.node_id
      WHERE d.conference_id = $1 AND d.point_id = $2 AND d.live > 0 AND n.seen_at > now() - interval '5 seconds' ORDER BY n.url`,
    [CONF, pointId],
  );
  return rows.map((r) => r.url);
}

/** The standbys of the point waiting on nodes whose heartbeat is fresh (cluster_point_standbys), oldest first. */
async function standbys(cluster: TestCluster, pointId: string): Promise<{ url: string; device_id: string }[]> {
  const { rows } = await cluster.db.query<{ url: string; device_id: string }>(
    `SELECT n.url, s.device_id FROM cluster_point_standbys s JOIN cluster_nodes n ON n.node_id = s.node_id
      WHERE s.conference_id = $1 AND s.point_id = $2 AND n.seen_at > now() - interval '5 seconds' ORDER BY s.waiting_since`,
    [CONF, pointId],
  );
  return rows;
}

/** The nodes whose standbys of the point wait, oldest first. */
export async function waitingOn(cluster: TestCluster, pointId: string): Promise<string[]> {
  return (await standbys(cluster, pointId)).map((r) => r.url);
}

/** The standbys of the point waiting, oldest first: their socket ids. */
export async function waitingDevices(cluster: TestCluster, pointId: string): Promise<string[]> {
  return (await standbys(cluster, pointId)).map((r) => r.device_id);
}

/** Whether the node at `url` counts as dead: its heartbeat is older than DEVICE_FRESH_MS (5 s). */
export async function heartbeatStale(cluster: TestCluster, url: string): Promise<boolean> {
  const { rows } = await cluster.db.query<{ stale: boolean }>(`SELECT seen_at < now() - interval '5 seconds' AS stale FROM cluster_nodes WHERE url = $1`, [url]);
  return rows.length > 0 && rows.every((r) => r.stale);
}

/** A new standby link of the point (secondDevice: standby), as the admin on `node` makes it. */
export async function standbyLinkOf(cluster: TestCluster, pointId: string, label: string, node: NodeName = 'A'): Promise<string> {
  const created = await cluster.api(node).post<{ link: { url: string; id: string } }>(`/api/conferences/${CONF}/links`, { role: 'point', pointId, label, secondDevice: 'standby' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return tokenOf(created.body.link.url);
}
