import helmet from 'helmet';
import type { RequestHandler } from 'express';

// Headers for every response. The CSP allows exactly what the client needs: its own scripts and
// styles, the socket to its own host (ws/wss), camera/microphone streams as blob: and media
// elements, data: images (inline icons, photo stills), and nothing from anywhere else; no frames.

export function securityHeaders(publicUrl: string | undefined, clusterOrigins?: () => readonly string[]): RequestHandler {
  const sockets: string[] = [];
  if (publicUrl) {
    const url = new URL(publicUrl);
    sockets.push(`${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`);
  }
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'"],
        // 'self' covers ws(s) to the same host in CSP Level 3; the explicit entry helps older engines.
        // Cluster mode: the other live nodes too (http(s) for polling, ws(s) for the socket), so a
        // page served by one node can move its socket to another when its own dies.
        connectSrc: ["'self'", ...sockets, ...(clusterOrigins ? [() => clusterSources(clusterOrigins())] : [])],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        frameSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        manifestSrc: ["'self'"],
      },
    },
    // The join token rides in the URL fragment, which browsers never send; no-referrer is belt and braces.
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: publicUrl?.startsWith('https:') ? { maxAge: 15552000 } : false,
  });
}

/** Each origin as itself and as its WebSocket scheme; "'self'" when there are none (a source list may not be empty). */
function clusterSources(origins: readonly string[]): string {
  const out: string[] = [];
  for (const origin of origins) {
    const url = new URL(origin);
    out.push(url.origin, `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`);
  }
  return out.length > 0 ? out.join(' ') : "'self'";
}

/** Camera and microphone for this origin only; everything else the client never uses, off. */
export const permissionsPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('Permissions-Policy', 'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()');
  next();
};
