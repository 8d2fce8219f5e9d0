import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

// Which address a request came from, for the failed-join limiter and the logs. Behind a reverse
// proxy the socket's peer is the proxy, and the client's address is in X-Forwarded-For, which
// anyone can write. So it is read from the right, as express's `trust proxy` does with a list
// of addresses (it is express's own proxy-addr): the peer, then each X-Forwarded-For entry from
// the right for as long as the address before it is a trusted proxy. A client that writes a
// forged left part only ever gets its own real address taken (issue 14, finding 4).

export type TrustProxy = (address: string, hop: number) => boolean;

/** From HOINGHI_TRUST_PROXY: addresses, CIDR ranges, or loopback / linklocal / uniquelocal. */
export function trustProxy(trusted: readonly string[]): TrustProxy {
  return proxyaddr.compile([...trusted]);
}

export function clientAddress(request: IncomingMessage, trust: TrustProxy): string {
  if (!request.socket.remoteAddress) return 'unknown';
  return proxyaddr(request, trust);
}
