import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { RegionSchema, type ClusterNodes } from '../../shared/protocol/socket.js';
import type { Authenticator, Identity } from '../auth/authenticate.js';
import { placementRegionOf, type PlacementWish } from '../cluster/placement.js';
import { bearer } from './apiAuth.js';
import { HttpError, zodIssues } from './httpErrors.js';

// Where a fresh client should connect: GET /api/cluster/placement answers the live nodes, most
// preferred first (server/cluster/placement.ts: room, region, load), in the shape of the socket's
// `nodes` notice. A single node (no cluster) answers an empty list: stay here.
//
// A console sends its join token (`Authorization: Bearer`): it is then placed by the region of its
// point's record (R-SETUP-10), with its link as the tie-break key (the order its `nodes` notice will
// have). A token that is refused is refused here as on every route (401/403/429, counted by the
// failed-attempt limiter): the console then stays on its page's node, whose handshake says why.
// Without a token the answer is anonymous: `?region=` if given, a random tie-break. The region in
// the query counts only where the record has none (placementRegionOf). The answer is the nodes'
// public URLs, which every browser of the cluster is told anyway.

const PlacementQuerySchema = z.strictObject({ region: RegionSchema.optional() });

export interface PlacementApiOptions {
  readonly ranked: ((wish: PlacementWish) => ClusterNodes['nodes']) | undefined;
  readonly authenticator: Authenticator;
  /** the region in the record of the point a token acts for, if any (server/cluster/directory.ts) */
  readonly recordedRegion: (identity: Identity) => string | null;
}

export function placementApi(options: PlacementApiOptions): Router {
  const router = Router();
  router.get('/cluster/placement', async (req, res) => {
    const query = PlacementQuerySchema.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'BAD_REQUEST', 'query: region? (1-64 letters, digits, ".", "_" or "-")', zodIssues(query.error.issues));
    const ranked = options.ranked;
    if (!ranked) {
      res.json({ nodes: [] } satisfies ClusterNodes);
      return;
    }
    const identity = await identityOf(options.authenticator, req.headers.authorization === undefined ? undefined : bearer(req), req.ip ?? req.socket.remoteAddress ?? 'unknown', (retry) => res.setHeader('Retry-After', retry));
    const wish: PlacementWish = identity
      ? { region: placementRegionOf(options.recordedRegion(identity), query.data.region), key: identity.link.id }
      : // Each anonymous asker gets its own tie-break: a burst of fresh joins spreads over equally loaded nodes.
        { region: query.data.region, key: randomUUID() };
    res.json({ nodes: ranked(wish) } satisfies ClusterNodes);
  });
  return router;
}

/** The identity of a token sent with the question; undefined without one; a refused one throws. */
async function identityOf(authenticator: Authenticator, token: string | undefined, ip: string, retryAfter: (seconds: string) => void): Promise<Identity | undefined> {
  if (token === undefined) return undefined;
  // Either level: a server-admin's console asks too, and must not spend a failed attempt for it.
  const outcome = await authenticator.authenticate({ token, ip, eitherLevel: true });
  if (outcome.ok) return outcome.identity;
  if (outcome.retryAfterMs !== undefined) retryAfter(String(Math.ceil(outcome.retryAfterMs / 1000)));
  throw new HttpError(outcome.status, outcome.code, outcome.message);
}
