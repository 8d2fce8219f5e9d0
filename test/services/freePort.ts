import { createServer } from 'node:net';

/**
 * A TCP port that was free on `host` a moment ago: the kernel picks it (port 0), we close and hand
 * it on. A service we start on it may still lose a race with another process, so the callers
 * retry on "address in use" rather than trust it.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port was assigned'))));
    });
  });
}
