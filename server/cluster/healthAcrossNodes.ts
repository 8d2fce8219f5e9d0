import { z } from 'zod';
import { PointHealthSchema, type HealthReport, type PointHealth } from '../../shared/media/health.js';
import { IdSchema } from '../../shared/protocol/common.js';

// Link health across the nodes of a cluster. Each node's SFU samples the points connected to it
// (server/media/link-health.ts); the chair, clerk and admin consoles of every node must see every
// point. So each node shares its sample of a conference through Redis every time it takes one
// (`share`, the bus message `linkHealth`), and every node pushes its consoles its own sample with
// the other nodes' shared points merged in (`merged`), in the wire shape of one node's report
// (shared/media/health.ts), so the consoles need not know there are several nodes.
//   - A node that stops sharing (it died, or its last session of the conference left) stops
//     counting SHARED_FRESH_MS after its last share, judged by this node's clock at arrival.
//   - A point on two nodes (a live device and a standby, or a device that moved): the entry of
//     the node holding its live device wins, then a connected one, then this node's own.
// Only samples travel, never meeting events: a lost share costs one second of a point's figures.

/** Three samples (one a second): a node that died drops out of the consoles' reports after this. */
export const SHARED_FRESH_MS = 3_000;
/** The most points one share may carry (a conference's points, and some). */
const MAX_SHARED_POINTS = 2_000;

/** One node's sample of one conference as it shares it: each point with whether the node holds its live device. */
export const SharedHealthSchema = z.strictObject({
  conferenceId: IdSchema,
  node: z.string().min(1).max(200),
  points: z.array(z.strictObject({ live: z.boolean(), health: PointHealthSchema })).max(MAX_SHARED_POINTS),
});
export type SharedHealth = z.infer<typeof SharedHealthSchema>;

type Entry = SharedHealth['points'][number];

export class HealthAcrossNodes {
  readonly #node: string;
  readonly #now: () => number;
  /** per conference, per node: its last share and when it arrived (this node's clock) */
  readonly #shared = new Map<string, Map<string, { arrivedAt: number; points: readonly Entry[] }>>();

  constructor(node: string, now: () => number = Date.now) {
    this.#node = node;
    this.#now = now;
  }

  /** What this node shares of its own sample. */
  share(report: HealthReport, isLive: (pointId: string) => boolean): SharedHealth {
    return { conferenceId: report.conferenceId, node: this.#node, points: report.points.map((health) => ({ live: isLive(health.pointId), health })) };
  }

  /** Another node's share arrived (already checked against SharedHealthSchema). */
  received(share: SharedHealth): void {
    if (share.node === this.#node) return;
    const byNode = this.#shared.get(share.conferenceId) ?? new Map();
    byNode.set(share.node, { arrivedAt: this.#now(), points: share.points });
    this.#shared.set(share.conferenceId, byNode);
  }

  /** This node's report with the points the other nodes shared lately merged in. */
  merged(report: HealthReport, isLive: (pointId: string) => boolean): HealthReport {
    const byNode = this.#shared.get(report.conferenceId);
    if (!byNode) return report;
    const best = new Map<string, { rank: number; health: PointHealth }>();
    const offer = (entry: Entry, own: boolean) => {
      // live first, then connected, then this node's own entry (ties between others: the first kept)
      const rank = (entry.live ? 4 : 0) + (entry.health.connected ? 2 : 0) + (own ? 1 : 0);
      const held = best.get(entry.health.pointId);
      if (!held || rank > held.rank) best.set(entry.health.pointId, { rank, health: entry.health });
    };
    for (const health of report.points) offer({ live: isLive(health.pointId), health }, true);
    const oldest = this.#now() - SHARED_FRESH_MS;
    for (const [node, share] of byNode) {
      if (share.arrivedAt < oldest) {
        byNode.delete(node);
        continue;
      }
      for (const entry of share.points) offer(entry, false);
    }
    if (byNode.size === 0) this.#shared.delete(report.conferenceId);
    const points = [...best.values()].map((b) => b.health).sort((a, b) => a.pointId.localeCompare(b.pointId));
    return { ...report, points };
  }
}
