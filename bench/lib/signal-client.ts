// A signalling bench's socket.io client and the fan-out delays computed from what it received.
// Clients live in several processes (bench/signal-clients.ts), so every time is read from
// CLOCK_MONOTONIC (process.hrtime), one clock for every process of the machine: a command's emit
// in the coordinator and its event's arrival in a client process are on the same time line.
import { io, type Socket } from 'socket.io-client';

export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export type BenchClient = { socket: Socket; conf: number; node: number; arrivals: Map<number, number>; disconnected?: string };

/**
 * One client of conference `conf` on node number `node`; every seq it learns is timed (events and
 * withheld seqs alike). With `lastSeq` it joins as a reconnecting client does, caught up from there.
 */
// The connect timeout is long: on a loaded shared machine 1,000 catch-ups from seq 0 take a while,
// and a bench that dies on socket.io's default 20 s measures nothing.
export function connectClient(url: string, token: string, conf: number, node: number, lastSeq?: number): Promise<BenchClient> {
  const socket = io(url, { auth: { token, ...(lastSeq !== undefined ? { lastSeq } : {}) }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 120_000 });
  const client: BenchClient = { socket, conf, node, arrivals: new Map() };
  // The bench's clients do not reconnect (a browser would, and catch up): a client dropped during
  // the run misses every later event, so why it dropped is reported beside the missing deliveries.
  socket.on('disconnect', (reason) => (client.disconnected ??= reason));
  socket.on('events', (batch: { events: { seq: number }[]; withheld?: number[] }) => {
    const now = monotonicMs();
    for (const e of batch.events) client.arrivals.set(e.seq, now);
    // A point reads only its own attendees' marks (R-READ-4): it is sent the seq alone, at the same moment.
    for (const seq of batch.withheld ?? []) client.arrivals.set(seq, now);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', reject);
    // Closed before the namespace's connect (the server or the transport ended it mid-handshake):
    // socket.io-client then emits only `disconnect`, and a bench waiting for `connect` waited forever.
    socket.once('disconnect', (reason) => {
      if (!socket.connected) reject(new Error(`closed before connect: ${reason}`));
    });
  });
}

/**
 * Connects `count` clients, `parallel` joins at a time. A client that cannot connect is left out
 * and counted in `failed` by its error (a browser would retry; the bench reports it); `failFast`
 * throws at the first instead (the chairs and clerks the workload cannot run without).
 */
export async function connectAll<T>(items: T[], parallel: number, connect: (item: T) => Promise<BenchClient>, failed?: Record<string, number>): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  for (let i = 0; i < items.length; i += parallel) {
    const batch = await Promise.allSettled(items.slice(i, i + parallel).map(connect));
    for (const r of batch) {
      if (r.status === 'fulfilled') clients.push(r.value);
      else if (failed) failed[String((r.reason as Error)?.message ?? r.reason)] = (failed[String((r.reason as Error)?.message ?? r.reason)] ?? 0) + 1;
      else throw r.reason;
    }
  }
  return clients;
}

/** A command acknowledged with `seq`, emitted at `at` (monotonic ms) by a client of conference `conf`. */
export type Sent = { conf: number; kind: string; at: number; seq: number };

/**
 * Delays (hundredths of a ms, so the lists travel between processes as small integers) from each
 * sent command to its event at each client of its conference, keyed `<kind>@<place>`: `owner`
 * for clients on the node that writes the conference, `other` for clients on the other nodes.
 */
export type Deliveries = { byKey: Record<string, number[]>; missing: number; disconnected: Record<string, number> };

export function deliveries(sent: readonly Sent[], clients: readonly BenchClient[], ownerNode: readonly number[]): Deliveries {
  const byConf = new Map<number, BenchClient[]>();
  for (const c of clients) {
    let list = byConf.get(c.conf);
    if (!list) byConf.set(c.conf, (list = []));
    list.push(c);
  }
  const byKey: Record<string, number[]> = {};
  let missing = 0;
  for (const s of sent) {
    for (const c of byConf.get(s.conf) ?? []) {
      const t = c.arrivals.get(s.seq);
      if (t === undefined) {
        missing++;
        continue;
      }
      const key = `${s.kind}@${c.node === ownerNode[s.conf] ? 'owner' : 'other'}`;
      (byKey[key] ??= []).push(Math.round((t - s.at) * 100));
    }
  }
  const disconnected: Record<string, number> = {};
  for (const c of clients) if (c.disconnected !== undefined) disconnected[c.disconnected] = (disconnected[c.disconnected] ?? 0) + 1;
  return { byKey, missing, disconnected };
}

/** Several processes' deliveries as one. */
export function mergeDeliveries(parts: readonly Deliveries[]): Deliveries {
  const byKey: Record<string, number[]> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.byKey)) for (const x of v) (byKey[k] ??= []).push(x);
  const disconnected: Record<string, number> = {};
  for (const p of parts) for (const [reason, n] of Object.entries(p.disconnected)) disconnected[reason] = (disconnected[reason] ?? 0) + n;
  return { byKey, missing: parts.reduce((n, p) => n + p.missing, 0), disconnected };
}
