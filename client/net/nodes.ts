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
