// npm run bench:signal-gateway — the signalling path end to end on this machine: command → ack
// latency through socket.io, the room queue and the SQLite log (synchronous=FULL), alone and under
// load; then the time to bring a 10,000-event conference back at start (with the snapshot the
// server keeps, and a full replay without it) and to catch a new client up from seq 0.
// Prints a table and writes bench/results/signal-gateway.json.
//
// Env: BENCH_EVENTS (default 10000), BENCH_SEQUENTIAL (default 1000).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { decide } from '../shared/meeting/decide.js';
import { evolve } from '../shared/meeting/evolve.js';
import { emptyState } from '../shared/meeting/index.js';
import { EventSchema, type Command, type MeetingEvent } from '../shared/protocol/index.js';
import { loadConference } from '../server/store/replay.js';
import { SqliteEventStore } from '../server/store/sqliteEventStore.js';
import { CENTRAL, CONF, NAM_CAN, setUpConference, THOI_BINH, U_MINH } from '../test/integration/support/fixture.js';
import { MeetingClient } from '../test/integration/support/meetingClient.js';
import { startTestServer } from '../test/integration/support/testServer.js';

const TARGET = Number(process.env['BENCH_EVENTS'] ?? 10_000);
const SEQUENTIAL = Number(process.env['BENCH_SEQUENTIAL'] ?? 400);
const LOADED = Number(process.env['BENCH_LOADED'] ?? 1600);
const out = (line = '') => process.stdout.write(`${line}\n`);

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  return { n: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] ?? NaN };
}
const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

/** A point's request and its withdrawal: two events that leave the queue as it was. */
function floorPair(pointId: string, n: number): [Command, Command] {
  const id = `b-${pointId}-${n}`;
  return [
    { type: 'requestFloor', id, pointId, topic: `Ý kiến số ${n} của ${pointId}`, kind: 'contribution' },
    { type: 'withdrawRequest', requestId: id },
  ];
}

/** Fills the log to `target` events with the meeting's own events, decided by the core, appended in batches. */
async function fillLog(dataDir: string, target: number): Promise<number> {
  const store = new SqliteEventStore<MeetingEvent>({ eventSchema: EventSchema, dataDir });
  let { state, seq } = await loadConference(store, CONF, { emptyState, evolve: (s, e) => evolve(s, e) });
  let ids = 0;
  let at = Date.UTC(2021, 0, 4, 1, 0);
  let batch: MeetingEvent[] = [];
  const points = [CENTRAL, THOI_BINH, U_MINH, NAM_CAN];
  for (let n = 0; seq + batch.length < target; n++) {
    const pointId = points[n % points.length]!;
    for (const command of floorPair(pointId, n)) {
      const decided = decide(state, command, { now: (at += 250), principal: { role: 'point', pointId }, newId: () => `f${++ids}` });
      if (!decided.ok) throw new Error(`fill refused: ${decided.code}`);
      for (const event of decided.events) state = evolve(state, event);
      batch.push(...decided.events);
    }
    if (batch.length >= 500) {
      seq = (await store.append(CONF, seq, batch)).lastSeq;
      batch = [];
    }
  }
  if (batch.length > 0) seq = (await store.append(CONF, seq, batch)).lastSeq;
  await store.close();
  return seq;
}

/** `count` commands from one client, each sent when the previous was acknowledged; ms each. */
async function sequentialRun(client: MeetingClient, count: number, from: number): Promise<number[]> {
  const samples: number[] = [];
  for (let n = from; samples.length < count; n++) {
    for (const command of floorPair(THOI_BINH, n)) {
      const t = performance.now();
      const ack = await client.send(command);
      samples.push(performance.now() - t);
      if (!ack.ok) throw new Error(`refused: ${JSON.stringify(ack)}`);
    }
  }
  return samples;
}

async function main(): Promise<void> {
  // A conference set up over HTTP and opened by the chair, as in the integration tests …
  const first = await startTestServer({ keepData: true });
  const dataDir = first.dataDir;
  const tokens = await setUpConference(first);
  const chair = await MeetingClient.join(first.url, tokens.chair);
  for (const status of ['rollCall', 'inSession'] as const) await chair.do({ type: 'setConferenceStatus', status });
  await chair.do({ type: 'startAgenda', stepId: 'a-discuss' });
  chair.close();
  // 0. One client, one command at a time, on a young conference: the gateway, room and fsync.
  const young = await MeetingClient.join(first.url, tokens.points[THOI_BINH]!, { seqOnly: true });
  const sequentialYoung = await sequentialRun(young, SEQUENTIAL, 500_000);
  young.close();
  out(`sequential on a young conference: ${f(stats(sequentialYoung).p50)} ms p50`);
  await first.close();
  // … whose log is then filled to TARGET events of requests for the floor and withdrawals.
  const filled = await fillLog(dataDir, TARGET);

  // 1. Start on that log: the whole of it is replayed (no snapshot was ever taken of it).
  const coldStarted = performance.now();
  const server = await startTestServer({ dataDir, keepData: true });
  const coldStartMs = performance.now() - coldStarted;
  const cold = server.loadReport.loaded.find((l) => l.conferenceId === CONF)!;
  const room = server.rooms.get(CONF)!;

  // 2. A new client catching up from seq 0 over the socket.
  const t0 = performance.now();
  const fresh = await MeetingClient.join(server.url, tokens.observer);
  const catchUpMs = performance.now() - t0;
  if (fresh.seq !== filled || fresh.violations.length > 0) throw new Error('catch-up incomplete');
  fresh.close();
  out(`start on a ${filled}-event log: startServer ${f(coldStartMs)} ms (replay ${f(cold.ms)} ms); catch-up from 0 ${f(catchUpMs)} ms`);

  // 3. One client, one command at a time: the latency a chair feels.
  const points = [CENTRAL, THOI_BINH, U_MINH, NAM_CAN];
  const clients = await Promise.all(points.map((p) => MeetingClient.join(server.url, tokens.points[p]!, { lastSeq: room.seq, seqOnly: true })));
  const sequential = await sequentialRun(clients[1]!, SEQUENTIAL, 1_000_000);
  out(`sequential: ${f(stats(sequential).p50)} ms p50`);

  // 4. Four points, four commands in flight each, for LOADED commands in all.
  const loaded: number[] = [];
  const started = performance.now();
  const startSeq = room.seq;
  await Promise.all(
    clients.map(async (client, i) => {
      const pointId = points[i]!;
      const inFlight = new Set<Promise<void>>();
      for (let n = 2_000_000; n < 2_000_000 + LOADED / 8; n++) {
        // Sent back to back: one socket's messages reach the room in order, so the withdrawal
        // always follows its request and the point never has two requests waiting.
        const [request, withdraw] = floorPair(pointId, n);
        const timed = (command: Command) => {
          const t = performance.now();
          return client.send(command).then((ack) => {
            loaded.push(performance.now() - t);
            if (!ack.ok) throw new Error(`refused under load: ${JSON.stringify(ack)}`);
          });
        };
        const p = Promise.all([timed(request), timed(withdraw)]).then(() => undefined);
        const tracked = p.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        if (inFlight.size >= 4) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    }),
  );
  const loadSeconds = (performance.now() - started) / 1000;
  const loadEvents = room.seq - startSeq;
  const headSeq = room.seq;
  for (const c of clients) c.close();
  await server.close();

  // 5. Restart after the load: from the snapshot the room saved, plus its tail.
  const warmStarted = performance.now();
  const again = await startTestServer({ dataDir, keepData: true });
  const warmStartMs = performance.now() - warmStarted;
  const warm = again.loadReport.loaded.find((l) => l.conferenceId === CONF)!;
  await again.close();
  rmSync(dataDir, { recursive: true, force: true });

  const seq = stats(sequential);
  const seqYoung = stats(sequentialYoung);
  const load = stats(loaded);
  const result = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: loadavg() },
    sequentialYoungConference: seqYoung,
    sequentialAfter10kEvents: seq,
    underLoad: { clients: 4, inFlightPerClient: 4, ...load, events: loadEvents, seconds: loadSeconds, eventsPerSecond: loadEvents / loadSeconds },
    coldStart: { events: filled, startServerMs: coldStartMs, replayMs: cold.ms, eventsReplayed: cold.eventsReplayed },
    catchUpFromZero: { events: filled, ms: catchUpMs },
    warmStart: { events: headSeq, startServerMs: warmStartMs, replayMs: warm.ms, eventsReplayed: warm.eventsReplayed },
  };
  out(`signalling bench — ${result.machine.cpus} × ${result.machine.model}, node ${result.machine.node}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  out(`start on a ${filled}-event log, full replay: startServer ${f(coldStartMs)} ms, of which replay ${f(cold.ms)} ms (${cold.eventsReplayed} events)`);
  out(`catch-up of a new client from seq 0 (${filled} events over the socket): ${f(catchUpMs)} ms`);
  out(`command → ack, one client, sequential, young conference (${seqYoung.n}): p50 ${f(seqYoung.p50)} ms, p95 ${f(seqYoung.p95)} ms, p99 ${f(seqYoung.p99)} ms, mean ${f(seqYoung.mean)} ms`);
  out(`command → ack, one client, sequential, after ${filled} events (${seq.n}): p50 ${f(seq.p50)} ms, p95 ${f(seq.p95)} ms, p99 ${f(seq.p99)} ms, mean ${f(seq.mean)} ms`);
  out(`command → ack, 4 clients × 4 in flight (${load.n}): p50 ${f(load.p50)} ms, p95 ${f(load.p95)} ms, p99 ${f(load.p99)} ms; ${result.underLoad.eventsPerSecond.toFixed(0)} events/s`);
  out(`restart on ${headSeq} events with the room's snapshot: startServer ${f(warmStartMs)} ms, of which replay ${f(warm.ms)} ms (${warm.eventsReplayed} events after the snapshot)`);
  const resultsDir = path.join(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'signal-gateway.json'), `${JSON.stringify(result, null, 2)}\n`);
}

await main();
