// npm run bench:signal — the signalling path of the real server: 1,000 socket.io clients over 10
// conferences (one chair, one clerk, 98 points each). The chair grants the floor, ends speeches
// and advances the agenda; a point asks for the floor; the clerk marks attendance at a steady rate.
// Measured: time from a command's emit to the resulting event at EVERY client of that conference
// (p50/p99/max), then the sustained rate of durable commands (acked = written with
// synchronous=FULL) with every clerk keeping commands in flight. Prints tables and writes
// bench/results/signal.json. Figures go to docs/BENCHMARKS.md ("Signalling").
//
// Env: BENCH_CONFERENCES (10), BENCH_CLIENTS_PER_CONFERENCE (100), BENCH_FANOUT_S (20),
// BENCH_THROUGHPUT_S (8), BENCH_IN_FLIGHT (32 per clerk), BENCH_MARKS_PER_S (10 per conference),
// BENCH_SERVER_PROF (a directory: CPU-profile the server process).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { machine } from './lib/machine.js';
import { cpuMeter } from './lib/proc.js';
import { fmt, summary, table } from './lib/stats.js';

const env = process.env;
const CONFERENCES = Number(env.BENCH_CONFERENCES ?? 10);
const PER_CONF = Number(env.BENCH_CLIENTS_PER_CONFERENCE ?? 100);
const FANOUT_S = Number(env.BENCH_FANOUT_S ?? 20);
const THROUGHPUT_S = Number(env.BENCH_THROUGHPUT_S ?? 8);
const IN_FLIGHT = Number(env.BENCH_IN_FLIGHT ?? 32);
const MARKS_PER_S = Number(env.BENCH_MARKS_PER_S ?? 10);
const POINTS = PER_CONF - 2;
const AGENDA = 60;
const here = dirname(fileURLToPath(import.meta.url));
const out = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The whole machine's busy share (both cores, every process) since the call: how much the neighbours took. */
function machineBusy(): () => number {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3]! + f[4]!;
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  return () => {
    const b = read();
    return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
  };
}

type Ack = { ok: true; seq: number } | { ok: false; code: string; message: string };

// --- the server, in its own process ---
// BENCH_SERVER_PROF=<dir>: the server writes a V8 CPU profile there when it exits (node --cpu-prof).
const prof = env.BENCH_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir', env.BENCH_SERVER_PROF] : [];
const child = spawn(process.execPath, [...prof, '--import', 'tsx', join(here, 'signal-server.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
const serverInfo = await new Promise<{ url: string; serverAdminToken: string; pid: number }>((resolve, reject) => {
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const nl = buf.indexOf('\n');
    if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)));
  });
  child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
});
const { url, serverAdminToken } = serverInfo;
const info = machine();
out(`bench:signal — ${info.nproc} cores, ${info.cpu}, node ${info.node}, ${info.date}; server ${url} (pid ${serverInfo.pid})`);

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${serverAdminToken}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
async function command(conf: string, cmd: Record<string, unknown>): Promise<void> {
  const r = await api('POST', `/api/conferences/${conf}/commands`, { command: cmd });
  if (r.status !== 200) throw new Error(`${conf} ${String(cmd.type)}: ${JSON.stringify(r.body)}`);
}
async function link(conf: string, role: string, pointId?: string): Promise<string> {
  const r = await api('POST', `/api/conferences/${conf}/links`, { role, ...(pointId ? { pointId } : {}) });
  if (r.status !== 201) throw new Error(`link ${role}: ${JSON.stringify(r.body)}`);
  return new URL((r.body.link as { url: string }).url).hash.replace(/^#t=/, '');
}

const pid = (i: number) => `p${String(i).padStart(3, '0')}`;

type Conf = { id: string; chair: string; clerk: string; points: string[] };
async function setUp(k: number): Promise<Conf> {
  const id = `bench-${k}`;
  const created = await api('POST', '/api/conferences', { id, title: `Hội nghị thử tải ${k}`, date: '2026-11-28', organiser: 'UBND tỉnh', venue: 'Hội trường UBND tỉnh' });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  await command(id, { type: 'addOrganisation', id: 'ubnd', name: 'UBND' });
  await command(id, { type: 'addPoint', id: pid(0), name: 'Điểm cầu trung tâm UBND tỉnh', kind: 'central' });
  for (let i = 1; i <= POINTS; i++) await command(id, { type: 'addPoint', id: pid(i), name: `Xã ${i}`, kind: 'commune' });
  for (let a = 0; a < AGENDA; a++) await command(id, { type: 'addAgendaStep', id: `a${a}`, title: `Nội dung ${a + 1}`, kind: 'discussion', plannedMinutes: 5 });
  for (const status of ['scheduled', 'rollCall', 'inSession']) await command(id, { type: 'setConferenceStatus', status });
  const points: string[] = [];
  for (let i = 1; i <= POINTS; i++) points.push(await link(id, 'point', pid(i)));
  return { id, chair: await link(id, 'chair'), clerk: await link(id, 'clerk'), points };
}

const tSetup = performance.now();
const confs: Conf[] = [];
for (let k = 0; k < CONFERENCES; k += 5) confs.push(...(await Promise.all(Array.from({ length: Math.min(5, CONFERENCES - k) }, (_v, j) => setUp(k + j)))));
out(`set up ${CONFERENCES} conferences (${POINTS} points, ${AGENDA} agenda steps, ${POINTS} attendees each) in ${fmt((performance.now() - tSetup) / 1000)} s`);

// --- 1,000 clients ---
type Client = { socket: Socket; conf: number; arrivals: Map<number, number> };
function connect(conf: number, token: string): Promise<Client> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const client: Client = { socket, conf, arrivals: new Map() };
  socket.on('events', (batch: { events: { seq: number }[] }) => {
    const now = performance.now();
    for (const e of batch.events) client.arrivals.set(e.seq, now);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', reject);
  });
}
const tConnect = performance.now();
const clients: Client[] = [];
const chairs: Client[] = [];
const clerks: Client[] = [];
const pointClients: Client[][] = [];
for (const [k, c] of confs.entries()) {
  chairs.push(await connect(k, c.chair));
  clerks.push(await connect(k, c.clerk));
  const ps: Client[] = [];
  for (let i = 0; i < c.points.length; i += 20) ps.push(...(await Promise.all(c.points.slice(i, i + 20).map((t) => connect(k, t)))));
  pointClients.push(ps);
  clients.push(chairs[k]!, clerks[k]!, ...ps);
}
const connectSeconds = (performance.now() - tConnect) / 1000;
out(`connected ${clients.length} clients in ${fmt(connectSeconds)} s`);
await sleep(2000); // presence commands of the joins settle

const send = (c: Client, cmd: Record<string, unknown>): Promise<Ack> => c.socket.timeout(30_000).emitWithAck('command', { command: cmd }) as Promise<Ack>;

// The chair opens the queue and starts the agenda (the admin may not run the day).
for (const chair of chairs) {
  for (const cmd of [{ type: 'openQueue' }, { type: 'startAgenda' }]) {
    const ack = await send(chair, cmd);
    if (!ack.ok) throw new Error(`${cmd.type}: ${ack.code} ${ack.message}`);
  }
}

// The attendees the clerks mark: one walk-in per point (only a clerk or the chair adds walk-ins).
await Promise.all(
  clerks.map(async (clerk) => {
    for (let i = 1; i <= POINTS; i++) {
      const ack = await send(clerk, { type: 'addWalkIn', id: `w${i}`, pointId: pid(i), name: `Đại biểu ${i}`, position: 'Chủ tịch UBND xã', organisationId: 'ubnd' });
      if (!ack.ok) throw new Error(`addWalkIn: ${ack.code} ${ack.message}`);
    }
  }),
);

out(`chairs opened the queues, clerks added ${POINTS * CONFERENCES} walk-ins`);

// --- phase 1: fan-out under a steady meeting load ---
type Sent = { conf: number; kind: string; at: number; seq: number };
const sent: Sent[] = [];
const rejected: Record<string, number> = {};
async function measured(c: Client, kind: string, cmd: Record<string, unknown>): Promise<boolean> {
  const at = performance.now();
  const ack = await send(c, cmd);
  if (!ack.ok) {
    rejected[`${kind}:${ack.code}`] = (rejected[`${kind}:${ack.code}`] ?? 0) + 1;
    return false;
  }
  sent.push({ conf: c.conf, kind, at, seq: ack.seq });
  return true;
}

const meter = cpuMeter([serverInfo.pid, process.pid]);
const busy = machineBusy();
const fanoutEnd = performance.now() + FANOUT_S * 1000;
const chairLoops = confs.map(async (_c, k) => {
  let n = 0;
  await sleep(k * 97);
  while (performance.now() < fanoutEnd) {
    const point = pointClients[k]![n % POINTS]!;
    const requestId = `r${n}`;
    const speechId = `s${n}`;
    await measured(point, 'requestFloor', { type: 'requestFloor', id: requestId, pointId: pid((n % POINTS) + 1), topic: 'Ý kiến về báo cáo', kind: 'contribution' });
    await sleep(200);
    await measured(chairs[k]!, 'grantFloor', { type: 'grantFloor', requestId, speechId });
    await sleep(300);
    await measured(chairs[k]!, 'endSpeech', { type: 'endSpeech', speechId });
    await sleep(200);
    if (n % 2 === 0) await measured(chairs[k]!, 'nextAgendaStep', { type: 'nextAgendaStep' });
    await sleep(300);
    n++;
  }
});
const clerkLoops = confs.map(async (_c, k) => {
  let n = 0;
  const every = 1000 / MARKS_PER_S;
  let next = performance.now() + k * 13;
  while (performance.now() < fanoutEnd) {
    const attendee = (n % POINTS) + 1;
    const present = Math.floor(n / POINTS) % 2 === 0;
    void measured(clerks[k]!, 'markAttendance', { type: 'markAttendance', attendeeId: `w${attendee}`, mark: { status: present ? 'absent' : 'present' } });
    n++;
    next += every;
    await sleep(Math.max(0, next - performance.now()));
  }
});
await Promise.all([...chairLoops, ...clerkLoops]);
await sleep(1500);
const [serverCpuFanout, clientCpuFanout] = meter();
const machineBusyFanout = busy();

const byKind = new Map<string, number[]>();
const all: number[] = [];
let missing = 0;
for (const s of sent) {
  const members = [chairs[s.conf]!, clerks[s.conf]!, ...pointClients[s.conf]!];
  for (const m of members) {
    const t = m.arrivals.get(s.seq);
    if (t === undefined) {
      missing++;
      continue;
    }
    const ms = t - s.at;
    all.push(ms);
    let list = byKind.get(s.kind);
    if (!list) byKind.set(s.kind, (list = []));
    list.push(ms);
  }
}
const fanout = { all: summary(all), byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, { commands: sent.filter((s) => s.kind === k).length, ...summary(v) }])), missing, rejected };
out(`\nFan-out: command emitted → event at every client of its conference (${sent.length} commands, ${all.length} deliveries, ${FANOUT_S} s, server CPU ${fmt(serverCpuFanout! * 100)}%, clients ${fmt(clientCpuFanout! * 100)}% of a core; machine ${fmt(machineBusyFanout * 100)}% busy)`);
out(
  table(
    ['command', 'commands', 'deliveries', 'p50 ms', 'p99 ms', 'max ms'],
    [...Object.entries(fanout.byKind).map(([k, s]) => [k, s.commands, s.n, fmt(s.p50, 2), fmt(s.p99, 2), fmt(s.max, 1)]), ['all', sent.length, fanout.all.n, fmt(fanout.all.p50, 2), fmt(fanout.all.p99, 2), fmt(fanout.all.max, 1)]],
  ),
);
if (missing > 0 || Object.keys(rejected).length > 0) out(`missing deliveries: ${missing}; rejected: ${JSON.stringify(rejected)}`);

// --- phase 2: sustained durable commands ---
const meter2 = cpuMeter([serverInfo.pid, process.pid]);
const busy2 = machineBusy();
const acks: number[] = [];
let okCount = 0;
let failCount = 0;
const tpRejected: Record<string, number> = {};
const tpEnd = performance.now() + THROUGHPUT_S * 1000;
const t0 = performance.now();
await Promise.all(
  clerks.flatMap((clerk) =>
    Array.from({ length: IN_FLIGHT }, async (_v, lane) => {
      // Each lane owns its attendees (lane+1, lane+1+IN_FLIGHT, ...) and flips their marks, so no
      // two commands in flight touch the same attendee and none is a NO_CHANGE.
      const own: number[] = [];
      for (let a = lane + 1; a <= POINTS; a += IN_FLIGHT) own.push(a);
      const present = new Map(own.map((a) => [a, true]));
      for (let n = 0; own.length > 0 && performance.now() < tpEnd; n++) {
        const attendee = own[n % own.length]!;
        const next = !present.get(attendee);
        const at = performance.now();
        const ack = await send(clerk, { type: 'markAttendance', attendeeId: `w${attendee}`, mark: { status: next ? 'present' : 'absent' } });
        acks.push(performance.now() - at);
        if (ack.ok) {
          okCount++;
          present.set(attendee, next);
        } else {
          failCount++;
          tpRejected[ack.code] = (tpRejected[ack.code] ?? 0) + 1;
          // Phase 1 left this attendee with the mark we asked for: learn it (not counted as durable).
          if (ack.code === 'NO_CHANGE') present.set(attendee, next);
        }
      }
    }),
  ),
);
const tpSeconds = (performance.now() - t0) / 1000;
const [serverCpuTp, clientCpuTp] = meter2();
const machineBusyTp = busy2();
const throughput = { seconds: tpSeconds, durableCommandsPerSecond: okCount / tpSeconds, ok: okCount, failed: failCount, rejected: tpRejected, inFlight: IN_FLIGHT * CONFERENCES, ack: summary(acks), serverCpu: serverCpuTp, clientCpu: clientCpuTp, machineBusy: machineBusyTp };
out(`\nDurable commands: ${fmt(throughput.durableCommandsPerSecond)} commands/s sustained (${okCount} acked, ${failCount} rejected, ${IN_FLIGHT * CONFERENCES} in flight, server CPU ${fmt(serverCpuTp! * 100)}%, clients ${fmt(clientCpuTp! * 100)}% of a core; machine ${fmt(machineBusyTp * 100)}% busy); ack p50 ${fmt(throughput.ack.p50, 1)} ms, p99 ${fmt(throughput.ack.p99, 1)} ms${failCount > 0 ? `; rejected ${JSON.stringify(tpRejected)}` : ''}`);

for (const c of clients) c.socket.close();
child.stdin.end();
await new Promise((r) => child.once('exit', r));

const file = join(here, 'results', 'signal.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(
  file,
  `${JSON.stringify({ machine: { ...info, loadavgAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) }, setup: { conferences: CONFERENCES, clientsPerConference: PER_CONF, clients: clients.length, connectSeconds }, fanout: { ...fanout, seconds: FANOUT_S, serverCpu: serverCpuFanout, clientCpu: clientCpuFanout, machineBusy: machineBusyFanout }, throughput }, null, 2)}\n`,
);
out(`\nwritten ${file} (1-min load average ${loadavg()[0]!.toFixed(2)} at the end, ${info.loadavgAtStart[0]} at the start)`);
process.exit(0);
