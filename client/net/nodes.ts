import { MAX_CLUSTER_NODES, MAX_NODE_URL_LENGTH, REGION_PATTERN } from '../../shared/protocol/nodes.js';

// Which node of a cluster the console's socket goes to. The server tells every client the live
// nodes, most preferred first (the `nodes` notice; `GET /api/cluster/placement` before the first
// connect). When the node the socket is on fails to answer a reconnect attempt, the console moves
// to the next node of that list, keeping its token and its last seq: tokens are valid on every
// node (the links are in the shared database) and any node catches it up from the log.

/** engine.io's address parts for one node (socket.io's Manager is pointed at them). */
export interface NodeAddress {
  readonly hostname: string;
  readonly port: string;
  readonly secure: boolean;
}

/** The origin of a URL (scheme, host, port), or null for something that is not an http(s) URL. */
export function originOf(url: string, base?: string): string | null {
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

export function addressOf(origin: string): NodeAddress {
  const url = new URL(origin);
  const secure = url.protocol === 'https:';
  // engine.io puts an IPv6 hostname in brackets itself
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { hostname, port: url.port || (secure ? '443' : '80'), secure };
}

/**
 * The node to try after `current` failed: the one after it in the ranked list (wrapping round),
 * or the list's first when `current` is not in it; null when there is no other node.
 */
export function nextNode(ranked: readonly string[], current: string): string | null {
  const others = ranked.filter((u) => u !== current);
  if (others.length === 0) return null;
  const at = ranked.indexOf(current);
  if (at < 0) return others[0]!;
  for (let i = 1; i <= ranked.length; i++) {
    const candidate = ranked[(at + i) % ranked.length]!;
    if (candidate !== current) return candidate;
  }
  return others[0]!;
}

/** How long the placement question may delay the first connect. */
export const PLACEMENT_TIMEOUT_MS = 1_000;

/**
 * The ranked origins of a placement answer (`{ nodes: [{ url, region }] }`, GET
 * /api/cluster/placement), or null for anything else. Checked by hand, not with zod: a point's
 * first script asks it before zod and the protocol's schemas are loaded (client/ui/earlyJoin.ts).
 * As strict as ClusterNodesSchema for what is used: the answer comes from the page's own node
 * (the origin that served this script), and each URL is reduced to an http(s) origin, which the
 * page's CSP (connect-src: the cluster's live nodes) bounds again.
 */
export function placementFrom(answer: unknown): string[] | null {
  if (!isRecord(answer) || Object.keys(answer).length !== 1 || !Array.isArray(answer['nodes'])) return null;
  const nodes: unknown[] = answer['nodes'];
  if (nodes.length > MAX_CLUSTER_NODES) return null;
  const origins: string[] = [];
  for (const node of nodes) {
    if (!isRecord(node) || Object.keys(node).length !== 2) return null;
    const { url, region } = node;
    if (typeof url !== 'string' || url.length > MAX_NODE_URL_LENGTH || !(region === null || (typeof region === 'string' && REGION_PATTERN.test(region)))) return null;
    const origin = originOf(url);
    if (origin === null) return null;
    origins.push(origin);
  }
  return origins;
}

/** A region a join link names (?region=), if it has a region's form (counts where the point's record has none). */
export function regionOf(text: string | null | undefined): string | undefined {
  return text != null && REGION_PATTERN.test(text) ? text : undefined;
}

/**
 * Asks `node` where to connect (server/cluster/placement.ts) for this join token: the server places
 * a point by the region in its point's record; `region` (the link's) counts only where the record
 * has none. Null on any failure, a refused token included: stay where the page came from.
 */
export async function askPlacement(node: string, token: string, region: string | undefined): Promise<string[] | null> {
  try {
    const query = region !== undefined ? `?region=${encodeURIComponent(region)}` : '';
    const response = await fetch(`${node}/api/cluster/placement${query}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(PLACEMENT_TIMEOUT_MS),
    });
    return response.ok ? placementFrom(await response.json()) : null;
  } catch {
    // an older server, a proxy in between, a slow answer
    return null;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
