// Cluster mode: noticing a node that went silent (its machine died or froze, no TCP reset), with
// any packet counting as a sign of life.
//
// engine.io's own check on the client counts only the server's pings (interval + timeout after
// the last one). That made one number do two jobs: short, so a console leaves a dead node fast;
// long, so that a node slowed down by load keeps its clients. With 3 s + 3 s, a saturated node
// dropped thousands of healthy clients (docs/BENCHMARKS.md, bench:cluster). Now the server's
// pong wait is long (server/app.ts, CLUSTER_HEARTBEAT: 2 s pings, 10 s timeout), and this
// watchdog, not engine.io's timer, decides when the console gives its node up: after
// SILENT_NODE_MS with no packet at all (a ping, an event, an ack). A busy node that still sends
// its events or pings, however late, keeps its consoles.

/** A node heard from less often than this is given up (its pings are due every 2 s). */
export const SILENT_NODE_MS = 6_000;
/** How often the watchdog looks. */
const LOOK_EVERY_MS = 500;

/** What the watchdog reads of engine.io's client socket: its state and every packet it gets. */
export type EngineLike = {
  readonly readyState: string;
  on(event: 'heartbeat', listener: () => void): unknown;
};

export type SilentNodeOptions = {
  /** the manager's engine now (a new one after each reconnect) */
  engine: () => EngineLike | undefined;
  /** true while there is another node to go to */
  armed: () => boolean;
  /** the node said nothing for `silentAfterMs`: leave it */
  onSilent: () => void;
  silentAfterMs?: number;
  now?: () => number;
  every?: (fn: () => void, ms: number) => () => void;
};

const everyMs = (fn: () => void, ms: number): (() => void) => {
  const timer = setInterval(fn, ms);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
};

/** Starts watching; returns the function that stops it. */
export function watchSilentNode(opts: SilentNodeOptions): () => void {
  const now = opts.now ?? Date.now;
  const silentAfterMs = opts.silentAfterMs ?? SILENT_NODE_MS;
  let watched: EngineLike | undefined;
  let heardAt = now();
  return (opts.every ?? everyMs)(() => {
    const engine = opts.engine();
    if (engine !== watched) {
      // a new connection: its own packets from now on
      watched = engine;
      heardAt = now();
      engine?.on('heartbeat', () => (heardAt = now()));
      return;
    }
    if (!engine || engine.readyState !== 'open' || !opts.armed()) {
      heardAt = now();
      return;
    }
    if (now() - heardAt >= silentAfterMs) {
      heardAt = now();
      opts.onSilent();
    }
  }, LOOK_EVERY_MS);
}
