// One run of the signalling workload against one or several hoinghi nodes (bench:signal on one
// node, bench:cluster on one then three): conferences set up over HTTP, each created through the
// node that is to write it (conference k on node k mod n); the chair, the clerk and a few
// speaking points in this process, every other point's client in load-generator processes, each
// conference's clients spread over all the nodes. For `fanoutSeconds` each chair grants the floor
// to a point that asked for it, ends the speech and advances the agenda while the clerk marks
// attendance; every event is timed from the command's emit to its arrival at every client of the
// conference. Then every clerk keeps `inFlight` marks in flight: durable commands per second.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoopWatch, type LoopPhase } from './loop-watch.js';
import { cpuMeter, machineBusy } from './proc.js';
import { connectAll, connectClient, deliveries, mergeDeliveries, monotonicMs, type BenchClient, type Deliveries, type Sent } from './signal-client.js';
import { ClientProcess, type ClientSpec } from './client-processes.js';
import { AdminApi, pointIdOf, setUpConference, type ConferenceLinks } from './signal-conference.js';
import { fmt, summary, table } from './stats.js';

export type SignalNode = { url: string; pid: number };
export type SignalRunOptions = {
  label: string;
  nodes: SignalNode[];
  adminToken: string;
  conferences: number;
  /** chair + clerk + points */
  clientsPerConference: number;
  fanoutSeconds: number;
  throughputSeconds: number;
  /** marks in flight per clerk in the durable phase */
  inFlight: number;
  /** the clerk's marks per second per conference in the fan-out phase */
  marksPerSecond: number;
  /** the chair's cycle (request, grant, end, next step) takes 1 s × pace */
  pace: number;
  /** load-generator processes */
  clientProcesses: number;
  /** points per conference whose clients this process holds: they ask for the floor in turn */
  speakers: number;
  /** points join from seq 0 (the whole log sent to each) rather than from the set-up's last seq */
  catchUp: boolean;
};

type Ack = { ok: true; seq: number } | { ok: false; code: string; message: string };
const AGENDA = 60;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const out = (line = '') => process.stdout.write(`${line}\n`);
/** How long the bench waits for a command's ack before it counts the command as unanswered. */
const ACK_TIMEOUT_MS = 30_000;
/**
 * Sends a command and always answers: a command the server never acknowledged (socket.io's
 * "operation has timed out", a forwarded command whose owner did not answer in a run at 10,000
 * clients) or that could not be sent is a refusal with a code of the bench's own (`ACK_TIMEOUT`,
 * `SEND_FAILED`), counted and reported with the server's refusals, never a rejection that ends
 * the run (it did: an unhandled rejection in the durable phase).
 */
async function send(c: BenchClient, cmd: Record<string, unknown>): Promise<Ack> {
  try {
    return (await c.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('command', { command: cmd })) as Ack;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, code: /timed out/i.test(message) ? 'ACK_TIMEOUT' : 'SEND_FAILED', message };
  }
}

/** Sends a set-up command that must be accepted; `heads` keeps the highest seq acknowledged in each conference. */
async function must(c: BenchClient, cmd: Record<string, unknown>, heads: Map<number, number>): Promise<void> {
  const ack = await send(c, cmd);
  if (!ack.ok) throw new Error(`${String(cmd.type)}: ${ack.code} ${ack.message}`);
  heads.set(c.conf, Math.max(heads.get(c.conf) ?? 0, ack.seq));
}

/** Summaries of the delays (hundredths of a ms) grouped by part of their key (`kind@place`). */
function grouped(d: Deliveries, part: 0 | 1) {
  const groups = new Map<string, number[]>();
  for (const [key, v] of Object.entries(d.byKey)) {
    const g = key.split('@')[part]!;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    for (const x of v) list.push(x / 100);
  }
  return Object.fromEntries([...groups].map(([g, v]) => [g, summary(v)]));
}

export async function runSignal(o: SignalRunOptions) {
  const n = o.nodes.length;
  const points = o.clientsPerConference - 2;
  const ownerNode = Array.from({ length: o.conferences }, (_v, k) => k % n);
  const nodeOf = (k: number, i: number) => (ownerNode[k]! + i) % n;
  const apis = o.nodes.map((node) => new AdminApi(node.url, o.adminToken));

  const tSetup = monotonicMs();
  const confs: ConferenceLinks[] = [];
  for (let k = 0; k < o.conferences; k += 5) confs.push(...(await Promise.all(Array.from({ length: Math.min(5, o.conferences - k) }, (_v, j) => setUpConference(apis[ownerNode[k + j]!]!, k + j, points, AGENDA)))));
  out(`[${o.label}] set up ${o.conferences} conferences (1 + ${points} points, ${AGENDA} agenda steps) in ${fmt((monotonicMs() - tSetup) / 1000)} s`);

  // The chair and the clerk of every conference, on nodes other than its writer's when there are several.
  const url = (k: number, i: number) => o.nodes[nodeOf(k, i)]!.url;
  const chairs = await Promise.all(confs.map((c, k) => connectClient(url(k, 1), c.chair, k, nodeOf(k, 1))));
  const clerks = await Promise.all(confs.map((c, k) => connectClient(url(k, n - 1), c.clerk, k, nodeOf(k, n - 1))));
  const heads = new Map<number, number>();
  for (const chair of chairs) for (const cmd of [{ type: 'openQueue' }, { type: 'startAgenda' }]) await must(chair, cmd, heads);
  // The attendees the clerks mark, one walk-in per point, added before the points connect (each
  // is an event every point's client would be sent the seq of).
  await Promise.all(
    clerks.map(async (clerk) => {
      for (let i = 1; i <= points; i += 16) {
        const batch = Array.from({ length: Math.min(16, points + 1 - i) }, (_v, j) => i + j);
        await Promise.all(batch.map((p) => must(clerk, { type: 'addWalkIn', id: `w${p}`, pointId: pointIdOf(p), name: `Đại biểu ${p}`, position: 'Chủ tịch UBND xã', organisationId: 'ubnd' }, heads)));
      }
    }),
  );

  // Every point's client: the speakers here, the rest dealt round-robin to the load generators.
  const tConnect = monotonicMs();
  // The points join as reconnecting clients do, from the seq of the set-up's last command: the
  // joins do not send the set-up log (~2 events per point) to every client; joining is not
  // what this bench measures, and on a loaded 2-core machine 10,000 full catch-ups take many minutes.
  const from = (k: number) => (o.catchUp ? undefined : heads.get(k));
  const speakers: BenchClient[][] = await Promise.all(confs.map((c, k) => connectAll(c.points.slice(0, o.speakers).map((p, i) => ({ ...p, i: i + 1 })), 10, (p) => connectClient(url(k, p.i), p.token, k, nodeOf(k, p.i), from(k)))));
  const specs: ClientSpec[][] = Array.from({ length: o.clientProcesses }, () => []);
  let dealt = 0;
  for (const [k, c] of confs.entries()) {
    for (const [i, p] of c.points.entries()) if (i >= o.speakers) specs[dealt++ % o.clientProcesses]!.push({ url: url(k, i + 1), token: p.token, conf: k, node: nodeOf(k, i + 1), ...(o.catchUp ? {} : { lastSeq: heads.get(k)! }) });
  }
  const procs = specs.map(() => new ClientProcess());
  const connected = await Promise.all(procs.map((p, i) => p.connect(specs[i]!, 20)));
  const own = [...chairs, ...clerks, ...speakers.flat()];
  const clients = own.length + connected.reduce((s, c) => s + c.connected, 0);
  const connectSeconds = (monotonicMs() - tConnect) / 1000;
  const failedToConnect: Record<string, number> = {};
  for (const c of connected) for (const [reason, count] of Object.entries(c.failed)) failedToConnect[reason] = (failedToConnect[reason] ?? 0) + count;
  const failedCount = Object.values(failedToConnect).reduce((a, b) => a + b, 0);
  out(`[${o.label}] connected ${clients} clients to ${n} node(s) in ${fmt(connectSeconds)} s (${o.clientProcesses} load-generator processes)${failedCount > 0 ? `; ${failedCount} could not connect: ${JSON.stringify(failedToConnect)}` : ''}`);
  await sleep(3000); // the joins' presence commands settle

  // --- fan-out under a steady meeting load ---
  const sent: Sent[] = [];
  const rejected: Record<string, number> = {};
  async function measured(c: BenchClient, kind: string, cmd: Record<string, unknown>): Promise<void> {
    const at = monotonicMs();
    const ack = await send(c, cmd);
    if (ack.ok) sent.push({ conf: c.conf, kind, at, seq: ack.seq });
    else rejected[`${kind}:${ack.code}`] = (rejected[`${kind}:${ack.code}`] ?? 0) + 1;
  }
  const pids = [...o.nodes.map((x) => x.pid), process.pid, ...procs.map((p) => p.pid)];
  // Each process's share of a core, so the reader sees which one is the bound: a node near 100%
  // is the server's limit, a load generator (or the coordinator) near 100% the bench's own.
  const cpuOf = (shares: number[]) => ({ nodes: shares.slice(0, n), coordinator: shares[n]!, loadGenerators: shares.slice(n + 1).reduce((a, b) => a + b, 0), perLoadGenerator: shares.slice(n + 1) });
  const cpuLine = (c: ReturnType<typeof cpuOf>) => `CPU % of a core: server ${c.nodes.map((x) => fmt(x * 100)).join(' + ')}; load generators ${c.perLoadGenerator.map((x) => fmt(x * 100)).join(' + ')}; coordinator ${fmt(c.coordinator * 100)}`;
  // BENCH_SERVER_PROF / BENCH_SERVER_LOOP: each node profiles (or watches its event loop over) the
  // fan-out phase, then the durable phase (bench/signal-server.ts).
  const watched = process.env.BENCH_SERVER_PROF || process.env.BENCH_SERVER_LOOP;
  const profileToggle = () => {
    if (watched) for (const node of o.nodes) process.kill(node.pid, 'SIGUSR2');
  };
  profileToggle();
  // BENCH_SERVER_LOOP: the event-loop delay and GC pauses of every process of the bench over each
  // phase (nodes from their files, load generators and this coordinator in process): a latency
  // tail made of blocked loops shows where it is.
  const loopDir = process.env.BENCH_SERVER_LOOP;
  const ownLoop = new LoopWatch();
  const loopStart = async () => {
    if (!loopDir) return;
    ownLoop.start();
    await Promise.all(procs.map((p) => p.loop(true)));
  };
  const loopLine = async (phase: number) => {
    if (!loopDir) return;
    const coordinator = ownLoop.stop();
    const loadGenerators = await Promise.all(procs.map((p) => p.loop()));
    await sleep(300);
    const servers = o.nodes.map((x) => JSON.parse(readFileSync(join(loopDir, `server-${x.pid}-${phase}.loop.json`), 'utf8')) as LoopPhase);
    loops.push({ servers, loadGenerators, coordinator });
    const one = (l: LoopPhase) => `${l.delayMs.p50}/${l.delayMs.p99}/${l.delayMs.max}, GC ${l.gc.count}× ${l.gc.totalMs} ms (max ${l.gc.maxMs})`;
    out(`[${o.label}] event-loop delay p50/p99/max ms and GC pauses: server ${servers.map(one).join(' · ')}; load generators ${loadGenerators.map(one).join(' · ')}; coordinator ${one(coordinator)}`);
  };
  const loops: { servers: LoopPhase[]; loadGenerators: LoopPhase[]; coordinator: LoopPhase }[] = [];
  await loopStart();
  const meter = cpuMeter(pids);
  const busy = machineBusy();
  const end = monotonicMs() + o.fanoutSeconds * 1000;
  const pause = (ms: number) => sleep(ms * o.pace);
  const chairLoops = confs.map(async (_c, k) => {
    await sleep(k * 97);
    for (let m = 0; monotonicMs() < end; m++) {
      const speaker = speakers[k]![m % speakers[k]!.length]!;
      const pointId = pointIdOf((m % speakers[k]!.length) + 1);
      await measured(speaker, 'requestFloor', { type: 'requestFloor', id: `r${m}`, pointId, topic: 'Ý kiến về báo cáo', kind: 'contribution' });
      await pause(200);
      await measured(chairs[k]!, 'grantFloor', { type: 'grantFloor', requestId: `r${m}`, speechId: `s${m}` });
      await pause(300);
      await measured(chairs[k]!, 'endSpeech', { type: 'endSpeech', speechId: `s${m}` });
      await pause(200);
      if (m % 2 === 0) await measured(chairs[k]!, 'nextAgendaStep', { type: 'nextAgendaStep' });
      await pause(300);
    }
  });
  const clerkLoops = confs.map(async (_c, k) => {
    const every = 1000 / o.marksPerSecond;
    let next = monotonicMs() + k * 13;
    for (let m = 0; monotonicMs() < end; m++) {
      const attendee = (m % points) + 1;
      const present = Math.floor(m / points) % 2 === 0;
      void measured(clerks[k]!, 'markAttendance', { type: 'markAttendance', attendeeId: `w${attendee}`, mark: { status: present ? 'absent' : 'present' } });
      next += every;
      await sleep(Math.max(0, next - monotonicMs()));
    }
  });
  await Promise.all([...chairLoops, ...clerkLoops]);
  await sleep(3000); // the last events reach every client
  const cpuFanout = cpuOf(meter());
  const machineBusyFanout = busy();
  profileToggle();
  await loopLine(1);
  const delays = mergeDeliveries([deliveries(sent, own, ownerNode), ...(await Promise.all(procs.map((p) => p.deliveries(sent, ownerNode))))]);
  const all = summary(Object.values(delays.byKey).flat().map((x) => x / 100));
  const fanout = { seconds: o.fanoutSeconds, commands: sent.length, all, byKind: grouped(delays, 0), byPlace: grouped(delays, 1), missing: delays.missing, disconnected: delays.disconnected, rejected, cpu: cpuFanout, machineBusy: machineBusyFanout };
  out(`\n[${o.label}] fan-out: command emitted → event at every client of its conference (${sent.length} commands, ${all.n} deliveries, ${o.fanoutSeconds} s; ${cpuLine(cpuFanout)}; machine ${fmt(machineBusyFanout * 100)}% busy)`);
  const row = (name: string, s: ReturnType<typeof summary>) => [name, s.n, fmt(s.p50, 2), fmt(s.p99, 2), fmt(s.max, 1)];
  out(table(['', 'deliveries', 'p50 ms', 'p99 ms', 'max ms'], [...Object.entries(fanout.byKind).map(([k, s]) => row(k, s)), ...Object.entries(fanout.byPlace).map(([k, s]) => row(`clients on the ${k === 'owner' ? "writer's node" : 'other nodes'}`, s)), row('all', all)]));
  if (delays.missing > 0 || Object.keys(rejected).length > 0) out(`missing deliveries: ${delays.missing} (clients dropped during the run, by reason, with no reconnection in the bench: ${JSON.stringify(delays.disconnected)}); rejected: ${JSON.stringify(rejected)}`);

  // --- sustained durable commands ---
  profileToggle();
  await loopStart();
  const meter2 = cpuMeter(pids);
  const busy2 = machineBusy();
  const acks: number[] = [];
  let ok = 0;
  const tpRejected: Record<string, number> = {};
  const tpEnd = monotonicMs() + o.throughputSeconds * 1000;
  const t0 = monotonicMs();
  await Promise.all(
    clerks.flatMap((clerk) =>
      Array.from({ length: o.inFlight }, async (_v, lane) => {
        // Each lane owns its attendees and flips their marks: no two commands in flight touch the
        // same attendee and none is a NO_CHANGE.
        const mine: number[] = [];
        for (let a = lane + 1; a <= points; a += o.inFlight) mine.push(a);
        const present = new Map(mine.map((a) => [a, true]));
        for (let m = 0; mine.length > 0 && monotonicMs() < tpEnd; m++) {
          const attendee = mine[m % mine.length]!;
          const next = !present.get(attendee);
          const at = monotonicMs();
          const ack = await send(clerk, { type: 'markAttendance', attendeeId: `w${attendee}`, mark: { status: next ? 'present' : 'absent' } });
          // An unanswered command has no ack time (its wait is the bench's timeout): counted apart.
          if (ack.ok || (ack.code !== 'ACK_TIMEOUT' && ack.code !== 'SEND_FAILED')) acks.push(monotonicMs() - at);
          if (ack.ok) ok++;
          else tpRejected[ack.code] = (tpRejected[ack.code] ?? 0) + 1;
          // A NO_CHANGE means phase 1 left the mark we asked for: learn it (not counted as durable).
          if (ack.ok || ack.code === 'NO_CHANGE') present.set(attendee, next);
        }
      }),
    ),
  );
  const tpSeconds = (monotonicMs() - t0) / 1000;
  const cpuTp = cpuOf(meter2());
  profileToggle();
  if (process.env.BENCH_SERVER_PROF) await sleep(2000); // the nodes write their profiles before they are stopped
  const throughput = { seconds: tpSeconds, durableCommandsPerSecond: ok / tpSeconds, ok, rejected: tpRejected, inFlight: o.inFlight * o.conferences, ack: summary(acks), cpu: cpuTp, machineBusy: busy2() };
  await loopLine(2);
  out(`\n[${o.label}] durable commands: ${fmt(throughput.durableCommandsPerSecond)}/s sustained (${ok} acked, ${o.inFlight * o.conferences} in flight; ack p50 ${fmt(throughput.ack.p50, 1)} ms, p99 ${fmt(throughput.ack.p99, 1)} ms; ${cpuLine(cpuTp)}; machine ${fmt(throughput.machineBusy * 100)}% busy)${Object.keys(tpRejected).length > 0 ? `; rejected ${JSON.stringify(tpRejected)}` : ''}`);

  for (const c of own) c.socket.close();
  await Promise.all(procs.map((p) => p.close()));
  return { label: o.label, nodes: n, ...(loops.length > 0 ? { serverLoops: loops } : {}), setup: { conferences: o.conferences, clientsPerConference: o.clientsPerConference, clients, clientProcesses: o.clientProcesses, catchUp: o.catchUp, pace: o.pace, marksPerSecond: o.marksPerSecond, connectSeconds, failedToConnect }, fanout, throughput };
}
