// npm run bench:pipe — cascaded media between nodes (issue 15): media nodes as separate processes
// (bench/lib/pipe-node.ts: hoinghi's MediaService, its own mediasoup worker, MediaPipes' signed
// route and SRTP PipeTransports between nodes), driven with bench:sfu's load generator and clip.
//
// 1. Cost of a piped packet, 2 nodes of 1 worker: N points send to node A; K chair consoles (a
//    thumbnail of every point, so every camera is piped with all its layers) receive, in phases of
//    the same run: none ("in"), on A ("direct"), on B ("piped": every packet they get crossed a
//    pipe). Worker CPU from /proc per phase, pipe packets from the pipe consumers' and producers'
//    own counts; the phases are repeated BENCH_RUNS times in alternating order.
//      sending end per piped packet   = (A piped − A in) / packets into the pipe
//      forwarding per packet out      = (A direct − A in) / packets out to the chairs
//      receiving end per piped packet = (B piped − (A direct − A in)) / packets out of the pipe
//      added delay of one hop         = piped p50/p99 − direct p50/p99
// 2. Sweep, 3 nodes of 1 worker on this machine: 1 + N points of the presiding layout, point i
//    connected to node i mod 3 (sends and receives there), each node piping in what its receivers
//    show; the largest N within loss ≤ 1% and delay p99 ≤ 50 ms.
// Writes bench/results/pipe.json; figures go to docs/BENCHMARKS.md ("Cascaded media between nodes").
//
// Env: BENCH_RUNS (3), BENCH_PIPE_POINTS (64 senders), BENCH_PIPE_CHAIRS (2), BENCH_WARMUP_MS (5000),
// BENCH_MEASURE_MS (5000), BENCH_DECRYPT_EVERY (4), BENCH_SWEEP (1), BENCH_SWEEP_START (64),
// BENCH_SWEEP_STEP (32), BENCH_SWEEP_BUDGET_S (300), BENCH_PIPE_WORKERS (1 per node), BENCH_PIPE_OUT
// (another results file).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureClip } from './lib/clip.js';
import { LoadGen, type Suite } from './lib/loadgen.js';
import { machine } from './lib/machine.js';
import { startNodes, type MediaNode } from './lib/pipe-nodes.js';
import { prioritise, prioritiseSession } from './lib/proc.js';
import { fmt, median, table } from './lib/stats.js';
import { measure, presiding, receiver, sender, settle, CONF, type Window } from './pipe-run.js';
import { pointId, type ConferenceSpec } from './sfu-conference.js';
import type { Timing } from './sfu-run.js';

const env = process.env;
const RUNS = Number(env.BENCH_RUNS ?? 3);
const POINTS = Number(env.BENCH_PIPE_POINTS ?? 64);
const CHAIRS = Number(env.BENCH_PIPE_CHAIRS ?? 2);
const WORKERS = Number(env.BENCH_PIPE_WORKERS ?? 1);
const SUITE: Suite = 'AEAD_AES_256_GCM';
const timing: Timing = { warmupMs: Number(env.BENCH_WARMUP_MS ?? 5000), measureMs: Number(env.BENCH_MEASURE_MS ?? 5000), decryptEvery: Number(env.BENCH_DECRYPT_EVERY ?? 4) };
const SWEEP = env.BENCH_SWEEP !== '0';
const SWEEP_START = Number(env.BENCH_SWEEP_START ?? 64);
const SWEEP_STEP = Number(env.BENCH_SWEEP_STEP ?? 32);
const SWEEP_BUDGET_S = Number(env.BENCH_SWEEP_BUDGET_S ?? 300);
const MAX_LOSS = 1;
const MAX_P99_MS = 50;
const out = (line = '') => process.stdout.write(`${line}\n`);

const clip = ensureClip();
const autogroupBefore = prioritiseSession();
const info = machine();
out(`bench:pipe — ${info.nproc} cores, ${info.cpu}, node ${info.node}, ${info.date}, load ${info.loadavgAtStart.join(' ')}`);

async function withNodes<T>(count: number, f: (nodes: MediaNode[], lg: LoadGen) => Promise<T>): Promise<T> {
  const nodes = await startNodes(count, WORKERS);
  const lg = new LoadGen(clip.file);
  prioritise(lg.pid);
  try {
    return await f(nodes, lg);
  } finally {
    lg.close();
    await Promise.all(nodes.map((n) => n.close()));
  }
}

// --- 1. the cost of a piped packet ---
type Phase = 'in' | 'direct' | 'piped';
const phases: Record<Phase, Window[]> = { in: [], direct: [], piped: [] };
await withNodes(2, async ([a, b], lg) => {
  const spec: ConferenceSpec = { points: POINTS, workers: 1, suite: SUITE, clipUs: clip.durationUs, pin: false };
  const ports = await lg.sinks(CHAIRS * 2 * RUNS);
  for (const n of [a!, b!]) await n.call('policy', { conferenceId: CONF, policy: presiding(POINTS) });
  for (let i = 0; i < POINTS; i++) await sender(a!, lg, spec, i);
  await settle([a!, b!]);
  let sink = 0;
  for (let rep = 0; rep < RUNS; rep++) {
    const order: Phase[] = rep % 2 === 0 ? ['in', 'direct', 'piped'] : ['piped', 'direct', 'in'];
    for (const phase of order) {
      const node = phase === 'direct' ? a! : b!;
      const chairs = phase === 'in' ? [] : Array.from({ length: CHAIRS }, (_v, c) => `chair-${rep}-${c}`);
      for (const id of chairs) await receiver(node, lg, SUITE, sink, ports[sink++]!, id, null, POINTS + 1);
      await settle([a!, b!]);
      const w = await measure([a!, b!], lg, timing);
      phases[phase].push(w);
      out(`  run ${rep + 1} ${phase}: A ${fmt(w.nodes[0]!.workerCpu * 100)}% B ${fmt(w.nodes[1]!.workerCpu * 100)}%, in ${fmt(w.ppsIn)} out ${fmt(w.ppsOut)} piped ${fmt(w.nodes[0]!.pipedOutPps)}→${fmt(w.nodes[1]!.pipedInPps)} p/s, loss ${fmt(w.lossPercent, 2)}%, p50 ${fmt(w.delayP50Ms, 2)} p99 ${fmt(w.delayP99Ms, 2)} ms, kernel UDP drops ${w.kernelUdpDrops}, load ${w.loadavg.start[0]}`);
      for (const id of chairs) await node.call('leave', { sessionId: id });
      await settle([a!, b!], 500);
    }
  }
});
const med = (ws: Window[], f: (w: Window) => number) => median(ws.map(f));
// Per repetition (same minutes), then the median of the repetitions.
const perRun = phases.in.map((inW, i) => {
  const d = phases.direct[i]!;
  const p = phases.piped[i]!;
  const aIn = inW.nodes[0]!.workerCpu;
  const forwardCpu = d.nodes[0]!.workerCpu - aIn;
  return {
    inUsPerPacket: (aIn * 1e6) / inW.ppsIn,
    forwardUsPerPacketOut: (forwardCpu * 1e6) / d.ppsOut,
    pipeSendUsPerPacket: ((p.nodes[0]!.workerCpu - aIn) * 1e6) / p.nodes[0]!.pipedOutPps,
    pipeReceiveUsPerPacket: ((p.nodes[1]!.workerCpu - forwardCpu) * 1e6) / p.nodes[1]!.pipedInPps,
    pipeLossPercent: (100 * (p.nodes[0]!.pipedOutPps - p.nodes[1]!.pipedInPps)) / p.nodes[0]!.pipedOutPps,
    addedP50Ms: p.delayP50Ms - d.delayP50Ms,
    addedP99Ms: p.delayP99Ms - d.delayP99Ms,
  };
});
const cost = Object.fromEntries(Object.keys(perRun[0] ?? {}).map((k) => [k, median(perRun.map((r) => r[k as keyof (typeof perRun)[0]]))])) as (typeof perRun)[0];
out(`\nCost of a piped packet: ${POINTS} points sending to node A, ${CHAIRS} chair consoles (every point) on A or on B; medians of ${RUNS} runs`);
out(table(
  ['phase', 'A worker', 'B worker', 'in p/s', 'out p/s', 'piped A→B p/s', 'loss %', 'p50 ms', 'p99 ms'],
  (['in', 'direct', 'piped'] as const).map((ph) => [ph, `${fmt(med(phases[ph], (w) => w.nodes[0]!.workerCpu * 100))}%`, `${fmt(med(phases[ph], (w) => w.nodes[1]!.workerCpu * 100))}%`, fmt(med(phases[ph], (w) => w.ppsIn)), fmt(med(phases[ph], (w) => w.ppsOut)), fmt(med(phases[ph], (w) => w.nodes[0]!.pipedOutPps)), fmt(med(phases[ph], (w) => w.lossPercent), 2), fmt(med(phases[ph], (w) => w.delayP50Ms), 2), fmt(med(phases[ph], (w) => w.delayP99Ms), 2)]),
));
out(table(
  ['µs per packet in from a point', 'per packet forwarded out', 'per packet sent into a pipe', 'per packet received from a pipe', 'lost on the pipe %', 'added p50 ms', 'added p99 ms'],
  [[fmt(cost.inUsPerPacket, 2), fmt(cost.forwardUsPerPacketOut, 2), fmt(cost.pipeSendUsPerPacket, 2), fmt(cost.pipeReceiveUsPerPacket, 2), fmt(cost.pipeLossPercent, 2), fmt(cost.addedP50Ms, 2), fmt(cost.addedP99Ms, 2)]],
));

// --- 2. the sweep: 3 nodes ---
type Step = { points: number; ok: boolean; runs: (Window & { setupSeconds: number; cascade: unknown[] })[] };
const steps: Step[] = [];
let maxPoints: number | null = null;
const passes = (w: Window) => w.lossPercent <= MAX_LOSS && w.delayP99Ms <= MAX_P99_MS;
async function conference3(n: number): Promise<Step['runs'][0]> {
  return withNodes(3, async (nodes, lg) => {
    const t0 = performance.now();
    const spec: ConferenceSpec = { points: n, workers: 1, suite: SUITE, clipUs: clip.durationUs, pin: false };
    const ports = await lg.sinks(n);
    for (const node of nodes) await node.call('policy', { conferenceId: CONF, policy: presiding(n) });
    for (let i = 0; i < n; i++) await sender(nodes[i % 3]!, lg, spec, i);
    await settle(nodes);
    for (let i = 0; i < n; i++) await receiver(nodes[i % 3]!, lg, SUITE, i, ports[i]!, `s-${pointId(i)}`, pointId(i));
    await settle(nodes, 2000);
    const cascade = await Promise.all(nodes.map((x) => x.call('settled', { conferenceId: CONF })));
    const setupSeconds = (performance.now() - t0) / 1000;
    return { ...(await measure(nodes, lg, timing)), setupSeconds, cascade };
  });
}
if (SWEEP) {
  out(`\nSweep: 3 nodes of ${WORKERS} worker(s) on ${info.nproc} cores, 1 + N points presiding, point i on node i mod 3`);
  const until = performance.now() + SWEEP_BUDGET_S * 1000;
  for (let n = SWEEP_START; performance.now() < until; n += SWEEP_STEP) {
    const runs = [await conference3(n)];
    if (!passes(runs[0]!)) runs.push(await conference3(n));
    const ok = runs.some(passes);
    const w = runs[runs.length - 1]!;
    out(`  ${n} points: out ${fmt(w.ppsOut)} p/s, workers ${w.nodes.map((x) => `${fmt(x.workerCpu * 100)}%`).join('/')}, piped in ${w.nodes.map((x) => fmt(x.pipedInPps)).join('/')} p/s, loss ${fmt(w.lossPercent, 2)}%, p99 ${fmt(w.delayP99Ms)} ms, kernel UDP drops ${w.kernelUdpDrops}, load ${w.loadavg.start[0]} → ${ok ? 'ok' : 'over'}`);
    steps.push({ points: n, ok, runs });
    if (ok && (maxPoints === null ? steps.length === 1 : maxPoints === n - SWEEP_STEP)) maxPoints = n;
    if (!ok) break;
  }
  out(`largest passing: ${maxPoints ?? `< ${SWEEP_START}`} points (loss ≤ ${MAX_LOSS}%, p99 ≤ ${MAX_P99_MS} ms)`);
}

const file = env.BENCH_PIPE_OUT ?? join(dirname(fileURLToPath(import.meta.url)), 'results', 'pipe.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify({ machine: info, autogroupBefore, endLoadavg: (await import('node:os')).loadavg(), timing, clip, cost: { points: POINTS, chairs: CHAIRS, runs: RUNS, ...cost, perRun, phases }, sweep: { nodes: 3, workersPerNode: WORKERS, maxPoints, maxLoss: MAX_LOSS, maxP99Ms: MAX_P99_MS, steps } }, null, 2)}\n`);
out(`\nwritten ${file}`);
process.exit(0);
