// bench:pipe's pieces: points and receivers placed on media nodes (bench/lib/pipe-nodes.ts), and
// one measured window: the load generator's figures, each process's CPU from /proc, the packets
// that went through pipes (pipe consumers' and pipe producers' own counts) and the load average.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import type { types } from 'mediasoup';
import type { LoadGen, Suite } from './lib/loadgen.js';
import { srtpKey } from './lib/loadgen.js';
import type { MediaNode } from './lib/pipe-nodes.js';
import { cpuMeter, udpDrops } from './lib/proc.js';
import { addSender, pointId, type ConferenceSpec } from './sfu-conference.js';
import type { Timing } from './sfu-run.js';

export const CONF = 'bench-pipe';

export function presiding(points: number) {
  const ids = Array.from({ length: points }, (_v, i) => pointId(i));
  return { mode: 'presiding' as const, centralPointId: ids[0]!, floorHolders: points > 1 ? [ids[1]!] : [], spotlight: null, pointOrder: ids, audiblePoints: ids.slice(0, 2) };
}

/** Point i sends from the load generator to its node (its camera's three layers and its microphone). */
export async function sender(node: MediaNode, lg: LoadGen, spec: ConferenceSpec, i: number): Promise<void> {
  const sessionId = `s-${pointId(i)}`;
  const t = await node.call<{ id: string; port: number }>('sendTransport', { sessionId, conferenceId: CONF, pointId: pointId(i), suite: spec.suite });
  const keyBase64 = await addSender(lg, spec, i, t.port);
  await node.call('produce', { sessionId, transportId: t.id, suite: spec.suite, keyBase64, index: i });
}

/** A receiver on `node` sending to the load generator's sink `sink`; pointId null: a chair console paging every point. */
export async function receiver(node: MediaNode, lg: LoadGen, suite: Suite, sink: number, sinkPort: number, sessionId: string, pointId: string | null, pageSize?: number): Promise<void> {
  const theirKey = srtpKey(suite, randomBytes);
  const key = await node.call<string>('receiver', { sessionId, conferenceId: CONF, pointId, suite: suite as types.SrtpCryptoSuite, sinkPort, theirKey, ...(pageSize ? { pageSize } : {}) });
  await lg.sinkKey(sink, suite, key);
}

export type Window = {
  ppsIn: number;
  ppsOut: number;
  lossPercent: number;
  delayP50Ms: number;
  delayP99Ms: number;
  authFailures: number;
  /** UDP datagrams the kernel dropped (a full socket buffer), whole machine, over the window */
  kernelUdpDrops: number;
  /** per node: its worker(s)' CPU (fraction of a core, summed), its Node process's, packets/s into and out of its pipes */
  nodes: { name: string; workerCpu: number; nodeCpu: number; pipedOutPps: number; pipedInPps: number }[];
  loadgenCpu: number;
  loadgenLateMaxMs: number;
  loadavg: { start: number[]; end: number[] };
};

type Counters = { pipedOut: number; pipedIn: number };

export async function measure(nodes: MediaNode[], lg: LoadGen, timing: Timing): Promise<Window> {
  const start = loadavg();
  const pids = [...nodes.flatMap((n) => n.workerPids), ...nodes.map((n) => n.pid), lg.pid];
  let meter: (() => number[]) | undefined;
  let before: Promise<Counters[]> | undefined;
  let t0 = 0;
  let drops0 = 0;
  const opening = setTimeout(() => {
    meter = cpuMeter(pids);
    t0 = performance.now();
    drops0 = udpDrops();
    before = Promise.all(nodes.map((n) => n.call<Counters>('counters')));
  }, timing.warmupMs + 5);
  const r = await lg.run(timing.warmupMs, timing.measureMs, timing.decryptEvery);
  clearTimeout(opening);
  const cpu = meter ? meter() : pids.map(() => NaN);
  const kernelUdpDrops = udpDrops() - drops0;
  const after = await Promise.all(nodes.map((n) => n.call<Counters>('counters')));
  const secs = (performance.now() - t0) / 1000;
  const b = (await before) ?? after;
  let k = 0;
  const workerCpu = nodes.map((n) => n.workerPids.reduce((s) => s + cpu[k++]!, 0));
  return {
    ppsIn: r.sentPackets / r.seconds,
    ppsOut: r.received / r.seconds,
    lossPercent: r.expected > 0 ? (100 * r.lost) / r.expected : 0,
    delayP50Ms: r.delay.p50Us / 1000,
    delayP99Ms: r.delay.p99Us / 1000,
    authFailures: r.authFail,
    kernelUdpDrops,
    nodes: nodes.map((n, i) => ({
      name: n.name,
      workerCpu: workerCpu[i]!,
      nodeCpu: cpu[k + i]!,
      pipedOutPps: (after[i]!.pipedOut - b[i]!.pipedOut) / secs,
      pipedInPps: (after[i]!.pipedIn - b[i]!.pipedIn) / secs,
    })),
    loadgenCpu: cpu[cpu.length - 1]!,
    loadgenLateMaxMs: r.lateMaxUs / 1000,
    loadavg: { start, end: loadavg() },
  };
}

export async function settle(nodes: MediaNode[], ms = 1500): Promise<void> {
  for (const n of nodes) await n.call('settled', { conferenceId: CONF });
  await new Promise((r) => setTimeout(r, ms));
  for (const n of nodes) await n.call('settled', { conferenceId: CONF });
}
