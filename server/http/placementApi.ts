import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { RegionSchema, type ClusterNodes } from '../../shared/protocol/socket.js';
import type { PlacementWish } from '../cluster/placement.js';
import { HttpError, zodIssues } from './httpErrors.js';

// Where a fresh client should connect: GET /api/cluster/placement?region=… answers the live nodes,
// most preferred first (server/cluster/placement.ts: room, region, load), in the shape of the
// socket's `nodes` notice. A single node (no cluster) answers an empty list: stay here. No token:
// the answer is the nodes' public URLs, which every browser of the cluster is told anyway.

const PlacementQuerySchema = z.strictObject({ region: RegionSchema.optional() });

export function placementApi(options: { ranked: ((wish: PlacementWish) => ClusterNodes['nodes']) | undefined }): Router {
  const router = Router();
  router.get('/cluster/placement', (req, res) => {
    const query = PlacementQuerySchema.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'BAD_REQUEST', 'query: region? (1-64 letters, digits, ".", "_" or "-")', zodIssues(query.error.issues));
    // Each asker gets its own tie-break: a burst of fresh joins spreads over equally loaded nodes.
    const nodes = options.ranked?.({ region: query.data.region, key: randomUUID() }) ?? [];
    res.json({ nodes } satisfies ClusterNodes);
  });
  return router;
}
