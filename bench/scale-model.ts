// npm run scale:model — the capacity model of docs/SCALE.md, computed (not measured) from what was
// measured: the SFU's figures in bench/results/sfu.json (bench:sfu), the signalling figures in
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

// --- measured: the SFU (bench:sfu) ---
type Sweep = { workers: number; maxPoints: number; maxPointsLossOnly: number; steps: { points: number; runs: { ppsOut: number }[] }[] };
const sfu = read<{ clip: { packetsPerSecond: number[]; meanPayload: number[] }; comparison: { suite: string; hoinghi: { usPerPacketOut: number; ppsIn: number; ppsOut: number } }[]; sweeps: Sweep[]; machine: { cpu: string; date: string } }>('sfu.json');
const [ppsL0, ppsL1, ppsL2, ppsAudio] = sfu.clip.packetsPerSecond as [number, number, number, number];
// RTP header 12, SRTP GCM tag 16, UDP 8, IPv4 20 bytes on the wire around each payload.
const wireBits = (i: number) => (sfu.clip.meanPayload[i]! + 56) * 8 * sfu.clip.packetsPerSecond[i]!;
const bpsLayer = [wireBits(0), wireBits(1), wireBits(2)];
const bpsAudio = wireBits(3);
const oneWorker = sfu.sweeps.find((s) => s.workers === 1)!;
const twoWorkers = sfu.sweeps.find((s) => s.workers === 2)!;
/** Packets out per worker within loss ≤ 1% and delay p99 ≤ 50 ms: the sweep's largest passing step. */
const budgetPerWorker = Math.max(...oneWorker.steps.find((s) => s.points === oneWorker.maxPoints)!.runs.map((r) => r.ppsOut));
const usPerPacket = sfu.comparison.find((c) => c.suite === 'AEAD_AES_256_GCM')!.hoinghi;

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

// --- the three conferences ---
type Scenario = { name: string; points: number; regions: number; why: string };
const pointsPerMediaNode = twoWorkers.maxPoints; // a 2-core node, both cores for workers (bench:sfu sweep)
const scenarios: Scenario[] = [
  { name: '1 + 130 (a merged province)', points: 130, regions: Math.ceil(130 / pointsPerMediaNode), why: 'fewest 2-core media nodes' },
  { name: '1 + 400', points: 400, regions: Math.ceil(400 / pointsPerMediaNode), why: 'fewest 2-core media nodes' },
  { name: '1 + 3,600 (national)', points: 3600, regions: Math.max(34, Math.ceil(3600 / pointsPerMediaNode)), why: "one node per province (34 since 2025), each province's communes on it" },
];

const mbps = (bps: number) => fmt(bps / 1e6, 1);
const workersFor = (pps: number) => Math.ceil(pps / budgetPerWorker);
const rows = scenarios.map((s) => {
  const perRegion = Math.ceil(s.points / s.regions);
  // Piped down to each regional node: every source its points' layouts show that is not on it
  // (the central point, the floor holder, the first page of thumbnails), every simulcast layer
  // (a mediasoup pipe consumer forwards all of a producer's streams), and the two open microphones.
  const pipedSources = point.sources.length;
  const downPps = pipedSources * cameraPps + 2 * ppsAudio;
  const downBps = pipedSources * cameraBps + 2 * bpsAudio;
  // Up from a regional node: its points that others show (at most the floor holder and the page's thumbnails).
  const upMaxBps = (pipedSources - 1) * cameraBps + bpsAudio;
  const regionalOut = perRegion * point.pps;
  const regionalIn = perRegion * senderPps + downPps;
  const chairToday = receiver(s.points, chairPageSize(s.points));
  // The central node: pipes down to every regional node, the central room's program screen (one
  // receiver), and the chair's console, which today shows every point as a thumbnail, so every
  // point's camera is piped up to the central node.
  const centralOutToday = s.regions * downPps + point.pps + chairToday.pps;
  const centralInToday = s.points * cameraPps + senderPps;
  const centralOutCapped = s.regions * downPps + 2 * point.pps;
  return {
    s,
    perRegion,
    regionalWorkers: workersFor(regionalOut),
    regionalOut,
    regionalIn,
    downBps,
    upMaxBps,
    centralWorkersCapped: workersFor(centralOutCapped),
    centralOutCapped,
    centralOutToday,
    centralInToday,
    chairTodayBps: chairToday.bps,
    centralEgressBps: s.regions * downBps,
    signallingCores: cluster ? ((s.points + 3) * cluster.eventsPerConferencePerSecond * cluster.usPerDelivery) / 1e6 : NaN,
  };
});

const out = (l = '') => process.stdout.write(`${l}\n`);
out(`Inputs (measured): ${fmt(usPerPacket.usPerPacketOut, 2)} µs of worker CPU per packet out at ${fmt(usPerPacket.ppsIn / usPerPacket.ppsOut, 2)} in per out (bench:sfu, ${sfu.machine.cpu}, ${sfu.machine.date.slice(0, 10)});`);
out(`budget per worker within loss ≤ 1% and p99 ≤ 50 ms: ${fmt(budgetPerWorker, 0)} packets/s out (${oneWorker.maxPoints} points on 1 worker; ${oneWorker.maxPointsLossOnly} within loss alone); ${twoWorkers.maxPoints} points on 2 workers of one 2-core machine.`);
out(`Per point (computed from the clip's measured packets and CAMERA_ENCODINGS ${CAMERA_ENCODINGS.map((e) => `${(e.maxBitrate ?? 0) / 1000}`).join('/')} kbps): sends ${fmt(senderPps, 0)} packets/s, ${mbps(cameraBps + bpsAudio)} Mbit/s;`);
out(`receives (presiding, ${point.large} large at layer 2, ${point.tiles - point.large} thumbnails at layer 0, 2 microphones) ${fmt(point.pps, 0)} packets/s, ${mbps(point.bps)} Mbit/s.`);
out();
out(table(
  ['conference', 'regional nodes', 'points each', 'workers each', 'out / in p/s each', 'central workers (chair page 8)', 'down per regional node', 'up per regional node (max)', 'central egress'],
  rows.map((r) => [r.s.name, r.s.regions, r.perRegion, r.regionalWorkers, `${fmt(r.regionalOut, 0)} / ${fmt(r.regionalIn, 0)}`, `${r.centralWorkersCapped} (${fmt(r.centralOutCapped, 0)} p/s out)`, `${mbps(r.downBps)} Mbit/s`, `${mbps(r.upMaxBps)} Mbit/s`, `${mbps(r.centralEgressBps)} Mbit/s`]),
));
out();
out('The chair console as the code is today (a thumbnail of every point):');
out(table(['conference', 'chair receives', 'central node in p/s (every camera piped up)', 'central node out p/s'], rows.map((r) => [r.s.name, `${mbps(r.chairTodayBps)} Mbit/s`, fmt(r.centralInToday, 0), fmt(r.centralOutToday, 0)])));
out();
if (signalling.length === 0) out('Signalling: bench/results/cluster.json not found (run npm run bench:cluster).');
else {
  out(table(['signalling run', 'clients', 'node CPU µs per delivery', 'fan-out p99 ms', 'durable commands/s', 'events per conference per s'], signalling.map((x) => [x.label, x.clients, fmt(x.usPerDelivery, 1), fmt(x.p99, 1), fmt(x.durable, 0), fmt(x.eventsPerConferencePerSecond, 2)])));
  out(table(['conference', 'signalling CPU (cores, at the bench\'s event rate)'], rows.map((r) => [r.s.name, fmt(r.signallingCores, 2)])));
}
