// npm run scale:model — the capacity model of docs/SCALE.md, computed (not measured) from what was
// measured: the media costs in bench/results/pipe.json (bench:pipe: per packet in, forwarded, piped
// at each end, and the 3-node sweep), the signalling figures in
// bench/results/cluster.json (bench:cluster), and the product's own settings read from the code:
// the camera's simulcast layers (client/media/publish.ts), the presiding layout
// (shared/media/layout-plan.ts) at the point console's page of thumbnails (THUMBNAIL_PAGE) and the
// chair console's page (every point, client/ui/App.tsx). Prints the tables SCALE.md quotes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAMERA_ENCODINGS } from '../client/media/publish.js';
import { planLayout, visibleTiles, type VideoOnOffer } from '../shared/media/layout-plan.js';
import { THUMBNAIL_PAGE } from '../client/ui/point/thumbnails.js';
import { fmt, table } from './lib/stats.js';

/** The chair console's page of thumbnails: every point (client/ui/App.tsx, `pageSize` for the chair). */
const chairPageSize = (points: number) => Math.max(8, points + 1);

const results = join(import.meta.dirname, 'results');
const read = <T>(file: string): T => JSON.parse(readFileSync(join(results, file), 'utf8')) as T;

// --- measured: media costs (bench:pipe; bench:sfu's one-worker sweep when sfu.json has it) ---
type PipeCost = { inUsPerPacket: number; forwardUsPerPacketOut: number; pipeSendUsPerPacket: number; pipeReceiveUsPerPacket: number; addedP50Ms: number; addedP99Ms: number; points: number; runs: number };
type PipeStep = { points: number; ok: boolean; runs: { ppsOut: number; lossPercent: number; delayP99Ms: number; nodes: { workerCpu: number; pipedInPps: number }[] }[] };
type PipeResults = { clip: { packetsPerSecond: number[]; meanPayload: number[] }; cost: PipeCost; sweep: { nodes: number; maxPoints: number | null; steps: PipeStep[] }; machine: { cpu: string; date: string; loadavgAtStart: number[] } };
const pipe = read<PipeResults>('pipe.json');
type Sweep = { workers: number; maxPoints: number | null; steps: { points: number; runs: { ppsOut: number }[] }[] };
let sfuSweeps: Sweep[] = [];
try {
  sfuSweeps = read<{ sweeps?: Sweep[] }>('sfu.json').sweeps ?? [];
} catch {
  // bench:sfu not run here: the one-worker row says so
}
const [ppsL0, ppsL1, ppsL2, ppsAudio] = pipe.clip.packetsPerSecond as [number, number, number, number];
// RTP header 12, SRTP GCM tag 16, UDP 8, IPv4 20 bytes on the wire around each payload.
const wireBits = (i: number) => (pipe.clip.meanPayload[i]! + 56) * 8 * pipe.clip.packetsPerSecond[i]!;
const bpsLayer = [wireBits(0), wireBits(1), wireBits(2)];
const bpsAudio = wireBits(3);
const cost = pipe.cost;
/**
 * The largest passing step of the 3-node sweep: all its workers' CPU over its points is what one
 * point costs, everything included (its input, what it is sent, its share of the pipes, hoinghi's
 * sampling). The sweep's workers never had a core each (3 workers and the load generator on 2
 * cores): how full a worker may be planned is NOT measured here and is assumed (ASSUMED_SHARE).
 */
const passing = pipe.sweep.steps.find((s) => s.points === pipe.sweep.maxPoints);
const passingRun = passing?.runs.find((r) => r.lossPercent <= 1 && r.delayP99Ms <= 50);
const sweepWorkerCores = passingRun ? passingRun.nodes.reduce((a, n) => a + n.workerCpu, 0) : NaN;
const usPerPoint = (sweepWorkerCores * 1e6) / (pipe.sweep.maxPoints ?? NaN);
const ASSUMED_SHARE = 0.8;
const budgetUs = ASSUMED_SHARE * 1e6;
const oneWorker = sfuSweeps.find((s) => s.workers === 1 && s.maxPoints !== null);
const oneWorkerBudget = oneWorker ? Math.max(...oneWorker.steps.find((s) => s.points === oneWorker.maxPoints)!.runs.map((r) => r.ppsOut)) : null;

// --- computed: what one point sends and receives, from the code's settings ---
const cameraPps = ppsL0 + ppsL1 + ppsL2;
const senderPps = cameraPps + ppsAudio;
const cameraBps = bpsLayer[0]! + bpsLayer[1]! + bpsLayer[2]!;
/** What a receiver of the presiding layout is sent: layers from the layout plan, the central point's and the floor holder's audio. */
function receiver(points: number, pageSize: number) {
  const videos: VideoOnOffer[] = Array.from({ length: points + 1 }, (_v, i) => ({ pointId: `p${i}`, source: 'camera' }));
  const plan = planLayout({ mode: 'presiding', centralPointId: 'p0', floorHolders: ['p1'], spotlight: null, videos, viewer: { pointId: `p${points}`, page: 0, pageSize } });
  const tiles = visibleTiles(plan);
  const pps = tiles.reduce((s, t) => s + [ppsL0, ppsL1, ppsL2][t.layer!]!, 0) + 2 * ppsAudio;
  const bps = tiles.reduce((s, t) => s + bpsLayer[t.layer!]!, 0) + 2 * bpsAudio;
  return { tiles: tiles.length, large: tiles.filter((t) => t.size === 'large').length, pps, bps, sources: tiles.map((t) => t.pointId) };
}
const point = receiver(130, THUMBNAIL_PAGE);

// --- measured: signalling across nodes (bench:cluster), when it has run ---
type Run = { run: string; label: string; setup: { clients: number; conferences: number }; fanout: { seconds: number; commands: number; all: { n: number; p99: number }; cpu: { nodes: number[] } }; throughput: { durableCommandsPerSecond: number } };
let runs: Run[] = [];
try {
  runs = read<{ runs: Run[] }>('cluster.json').runs;
} catch {
  // not run yet: the signalling rows say so
}
const SETTLE_S = 3; // the fan-out phase's CPU meter also spans the 3 s the bench waits for the last events
const signalling = runs.map((r) => {
  const cpuSeconds = r.fanout.cpu.nodes.reduce((a, b) => a + b, 0) * (r.fanout.seconds + SETTLE_S);
  return { label: r.label, clients: r.setup.clients, usPerDelivery: (cpuSeconds * 1e6) / r.fanout.all.n, p99: r.fanout.all.p99, durable: r.throughput.durableCommandsPerSecond, eventsPerConferencePerSecond: r.fanout.commands / r.fanout.seconds / r.setup.conferences };
});
const cluster = signalling.find((s) => s.label.startsWith('3 nodes'));

// --- the three conferences (computed) ---
// Worker load, µs of CPU per second: points at their measured all-in cost, and pipe and forwarding traffic at the measured per-packet costs.
const load = (t: { in: number; out: number; pipeIn: number; pipeOut: number }) => t.in * cost.inUsPerPacket + t.out * cost.forwardUsPerPacketOut + t.pipeIn * cost.pipeReceiveUsPerPacket + t.pipeOut * cost.pipeSendUsPerPacket;
const CORES_PER_NODE = 2; // one worker per core
const workersFor = (us: number) => Math.ceil(us / budgetUs);
// Piped down to each regional node: every source its points' layouts show that is not on it
// (the central point, the floor holder, the first page of thumbnails), every simulcast layer
// (a mediasoup pipe consumer forwards all of a producer's streams), and the two open microphones.
const pipedSources = point.sources.length;
const downPps = pipedSources * cameraPps + 2 * ppsAudio;
const downBps = pipedSources * cameraBps + 2 * bpsAudio;
// Up from a regional node: its points that others show (at most the floor holder and the page's thumbnails).
const upMaxPps = (pipedSources - 1) * cameraPps + ppsAudio;
const upMaxBps = (pipedSources - 1) * cameraBps + bpsAudio;
const regional = (points: number) => points * usPerPoint + downPps * cost.pipeReceiveUsPerPacket + upMaxPps * cost.pipeSendUsPerPacket;
/** Points a 2-core regional node carries: its two workers each up to the measured share. */
let pointsPerMediaNode = 0;
while (regional(pointsPerMediaNode + 1) <= CORES_PER_NODE * budgetUs) pointsPerMediaNode++;

type Scenario = { name: string; points: number; regions: number; why: string };
const scenarios: Scenario[] = [
  { name: '1 + 130 (a merged province)', points: 130, regions: Math.ceil(130 / pointsPerMediaNode), why: 'fewest 2-core media nodes' },
  { name: '1 + 400', points: 400, regions: Math.ceil(400 / pointsPerMediaNode), why: 'fewest 2-core media nodes' },
  { name: '1 + 3,600 (national)', points: 3600, regions: Math.max(34, Math.ceil(3600 / pointsPerMediaNode)), why: "one node per province (34 since 2025), each province's communes on it" },
];

const mbps = (bps: number) => fmt(bps / 1e6, 1);
const rows = scenarios.map((s) => {
  const perRegion = Math.ceil(s.points / s.regions);
  const regionalUs = regional(perRegion);
  const chairToday = receiver(s.points, chairPageSize(s.points));
  // The central tier: the central point sends, its room's program screen and the chair's console
  // (page capped at 8) receive, the regions' shown points come up (at most one region's worth:
  // the floor holder and a page of thumbnails), and every region gets its pipes down from it.
  const centralUs = 3 * usPerPoint + load({ in: 0, out: 0, pipeIn: upMaxPps, pipeOut: s.regions * downPps });
  const centralWorkers = workersFor(centralUs);
  const centralNodes = Math.ceil(centralWorkers / CORES_PER_NODE);
  // Today the chair's console shows every point: every camera piped up to the central tier.
  const centralTodayUs = 2 * usPerPoint + load({ in: 0, out: chairToday.pps, pipeIn: s.points * cameraPps, pipeOut: s.regions * downPps });
  return {
    s,
    perRegion,
    regionalWorkers: workersFor(regionalUs),
    regionalUs,
    centralUs,
    centralWorkers,
    centralNodes,
    nodes: s.regions + centralNodes,
    cores: (s.regions + centralNodes) * CORES_PER_NODE,
    centralTodayWorkers: workersFor(centralTodayUs),
    centralInToday: s.points * cameraPps + senderPps,
    chairTodayBps: chairToday.bps,
    centralEgressBps: s.regions * downBps,
    signallingCores: cluster ? ((s.points + 3) * cluster.eventsPerConferencePerSecond * cluster.usPerDelivery) / 1e6 : NaN,
  };
});

const out = (l = '') => process.stdout.write(`${l}\n`);
out(`Inputs (measured, bench:pipe ${pipe.machine.date.slice(0, 16)}Z, ${pipe.machine.cpu}, load ${pipe.machine.loadavgAtStart.join(' ')}; medians of ${cost.runs} runs):`);
out(`  worker µs per packet: in from a point ${fmt(cost.inUsPerPacket, 2)}, forwarded out ${fmt(cost.forwardUsPerPacketOut, 2)}, sent into a pipe ${fmt(cost.pipeSendUsPerPacket, 2)}, received from a pipe ${fmt(cost.pipeReceiveUsPerPacket, 2)}; one hop adds p50 ${fmt(cost.addedP50Ms, 2)} ms, p99 ${fmt(cost.addedP99Ms, 2)} ms`);
out(`  3 nodes of 1 worker on this 2-core machine: ${pipe.sweep.maxPoints ?? 'none'} points within loss ≤ 1% and p99 ≤ 50 ms, its workers ${fmt(sweepWorkerCores, 2)} cores in all: ${fmt(usPerPoint, 0)} µs of worker CPU per second per point, everything included`);
out(`  ASSUMED (not measured): a worker is planned up to ${ASSUMED_SHARE * 100}% of its core`);
out(`  bench:sfu one-worker budget: ${oneWorkerBudget === null ? 'not in bench/results/sfu.json (not used)' : `${fmt(oneWorkerBudget, 0)} packets/s out`}`);
out(`Per point (computed from the clip's measured packets and CAMERA_ENCODINGS ${CAMERA_ENCODINGS.map((e) => `${(e.maxBitrate ?? 0) / 1000}`).join('/')} kbps): sends ${fmt(senderPps, 0)} packets/s, ${mbps(cameraBps + bpsAudio)} Mbit/s;`);
out(`receives (presiding, ${point.large} large at layer 2, ${point.tiles - point.large} thumbnails at layer 0, 2 microphones) ${fmt(point.pps, 0)} packets/s, ${mbps(point.bps)} Mbit/s.`);
out(`A 2-core regional node (2 workers at ${ASSUMED_SHARE * 100}%) carries ${pointsPerMediaNode} points (computed); pipes down ${fmt(downPps, 0)} p/s, ${mbps(downBps)} Mbit/s; up at most ${fmt(upMaxPps, 0)} p/s, ${mbps(upMaxBps)} Mbit/s.`);
out();
out(table(
  ['conference', 'regional nodes', 'points each', 'worker ms/s each', 'central tier workers (nodes)', 'nodes', 'cores', 'down per regional node', 'up per regional node (max)', 'central egress'],
  rows.map((r) => [r.s.name, r.s.regions, r.perRegion, fmt(r.regionalUs / 1000, 0), `${r.centralWorkers} (${r.centralNodes}), ${fmt(r.centralUs / 1000, 0)} ms/s`, r.nodes, r.cores, `${mbps(downBps)} Mbit/s`, `${mbps(upMaxBps)} Mbit/s`, `${mbps(r.centralEgressBps)} Mbit/s`]),
));
out();
out('The chair console as the code is today (a thumbnail of every point):');
out(table(['conference', 'chair receives', 'central tier in p/s (every camera piped up)', 'central tier workers'], rows.map((r) => [r.s.name, `${mbps(r.chairTodayBps)} Mbit/s`, fmt(r.centralInToday, 0), r.centralTodayWorkers])));
out();
if (signalling.length === 0) out('Signalling: bench/results/cluster.json not found (run npm run bench:cluster).');
else {
  out(table(['signalling run', 'clients', 'node CPU µs per delivery', 'fan-out p99 ms', 'durable commands/s', 'events per conference per s'], signalling.map((x) => [x.label, x.clients, fmt(x.usPerDelivery, 1), fmt(x.p99, 1), fmt(x.durable, 0), fmt(x.eventsPerConferencePerSecond, 2)])));
  out(table(['conference', 'signalling CPU (cores, at the bench\'s event rate)'], rows.map((r) => [r.s.name, fmt(r.signallingCores, 2)])));
}
