// npm run bench:replay — append latency of the SQLite event store (synchronous=FULL) and replay
// time of long conferences, with and without snapshots. Prints a table and writes
// bench/results/replay.json. Figures go to docs/BENCHMARKS.md ("Event log" section).
//
// Env: BENCH_DATA_DIR (default: a temp dir on the same disk as /tmp), BENCH_RUNS (default 5).
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadConference, saveConferenceSnapshot } from '../server/store/replay.js';
import { SqliteEventStore } from '../server/store/sqliteEventStore.js';
import { benchEventSchema, benchEvolve, emptyBenchState, generateMeeting, type BenchEvent } from './replay-workload.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const here = dirname(fileURLToPath(import.meta.url));
const out = (line = '') => process.stdout.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}
function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { n: s.length, mean, p50: percentile(s, 50), p99: percentile(s, 99), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}
const median = (xs: number[]) => stats(xs).p50;
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));

function openStore(dataDir: string, name: string) {
  return new SqliteEventStore({ eventSchema: benchEventSchema, dataDir, fileName: `${name}.sqlite` });
}

/** Per-append wall time of `appends` appends of `batchSize` events each, every one durable. */
async function appendLatency(dataDir: string, batchSize: number, appends: number) {
  const store = openStore(dataDir, `append-${batchSize}`);
  const events = generateMeeting(appends * batchSize + 60, 7).slice(60);
  const samples: number[] = [];
  let head = 0;
  for (let i = 0; i < appends; i++) {
    const batch = events.slice(i * batchSize, (i + 1) * batchSize);
    const t = performance.now();
    head = (await store.append('append-bench', head, batch)).lastSeq;
    samples.push(performance.now() - t);
  }
  await store.close();
  const st = stats(samples);
  return { batchSize, ...st, eventsPerSecond: Math.round((batchSize * appends * 1000) / samples.reduce((a, b) => a + b, 0)) };
}

async function writeLog(dataDir: string, name: string, events: BenchEvent[]): Promise<SqliteEventStore<BenchEvent>> {
  const store = openStore(dataDir, name);
  for (let i = 0; i < events.length; i += 500) await store.append(name, i, events.slice(i, i + 500));
  return store;
}

async function replayFigures(dataDir: string, count: number, snapshotEvery: number[]) {
  const name = `replay-${count}`;
  const events = generateMeeting(count);
  const store = await writeLog(dataDir, name, events);
  const options = { emptyState: emptyBenchState, evolve: benchEvolve };
  // Read + JSON.parse + zod validation alone, with an evolve that does nothing: the store's share.
  const readOnly: number[] = [];
  const full: number[] = [];
  let finalState: unknown;
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now();
    await loadConference(store, name, { emptyState: () => null, evolve: (s: null) => s });
    readOnly.push(performance.now() - t);
    t = performance.now();
    finalState = (await loadConference(store, name, options)).state;
    full.push(performance.now() - t);
  }
  const stateJson = JSON.stringify(finalState);
  // A snapshot policy of every N leaves at most N-1 events to replay after the snapshot; measure
  // that worst case: a snapshot N-1 events before the head.
  const withSnapshot: { every: number; loadMs: number; tailEvents: number }[] = [];
  for (const every of snapshotEvery) {
    const snapshotSeq = Math.max(1, count - every + 1);
    // the state at snapshotSeq, folded straight from the generated events
    const upTo = events.slice(0, snapshotSeq).reduce((s, e) => benchEvolve(s, e), emptyBenchState());
    await saveConferenceSnapshot(store, name, snapshotSeq, upTo);
    const times: number[] = [];
    let tailEvents = 0;
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      const loaded = await loadConference(store, name, options);
      times.push(performance.now() - t);
      tailEvents = loaded.eventsReplayed;
      if (loaded.snapshotSeq !== snapshotSeq) throw new Error(`snapshot not used: ${loaded.warnings.join('; ')}`);
      if (JSON.stringify(loaded.state) !== stateJson) throw new Error('replay from snapshot differs from full replay');
    }
    withSnapshot.push({ every, loadMs: median(times), tailEvents });
  }
  // What a snapshot costs the room when it is taken (stringify + one durable write), at the head.
  const saves: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    await saveConferenceSnapshot(store, name, count, finalState);
    saves.push(performance.now() - t);
  }
  await store.close();
  return {
    events: count,
    logBytes: events.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0),
    stateBytes: Buffer.byteLength(stateJson),
    readValidateMs: median(readOnly),
    fullReplayMs: median(full),
    fullReplayRunsMs: full.map((x) => Math.round(x)),
    snapshotSaveMs: median(saves),
    withSnapshot,
  };
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const mem = new Database(':memory:');
  const sqlite = (mem.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  mem.close();
  return { nproc: Number(execSync('nproc').toString().trim()), cpu: model, node: process.version, sqlite, date: new Date().toISOString() };
}

async function main() {
  const dataDir = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'hoinghi-bench-'));
  mkdirSync(dataDir, { recursive: true });
  const info = machine();
  out(`hoinghi event log benchmark — ${info.date}, ${info.nproc} × ${info.cpu}, node ${info.node}, SQLite ${info.sqlite}, ${RUNS} runs`);
  try {
    const append = [await appendLatency(dataDir, 1, 500), await appendLatency(dataDir, 10, 200), await appendLatency(dataDir, 100, 50)];
    out('\nAppend (synchronous=FULL, one transaction per append; ms per append)');
    out('batch  appends   mean    p50     p99     max     events/s');
    for (const a of append) out(`${String(a.batchSize).padEnd(7)}${String(a.n).padEnd(10)}${ms(a.mean).padEnd(8)}${ms(a.p50).padEnd(8)}${ms(a.p99).padEnd(8)}${ms(a.max).padEnd(8)}${a.eventsPerSecond}`);

    const replay = [await replayFigures(dataDir, 10_000, [500, 1000, 5000]), await replayFigures(dataDir, 100_000, [500, 1000, 5000])];
    out(`\nReplay (medians of ${RUNS} runs, ms)`);
    out('events   log MB  state KB  read+validate  full replay  snapshot save  from snapshot (every N: ms, tail)');
    for (const r of replay) {
      const snaps = r.withSnapshot.map((w) => `N=${w.every}: ${ms(w.loadMs)} (${w.tailEvents})`).join(', ');
      out(`${String(r.events).padEnd(9)}${(r.logBytes / 1e6).toFixed(1).padEnd(8)}${(r.stateBytes / 1e3).toFixed(0).padEnd(10)}${ms(r.readValidateMs).padEnd(15)}${ms(r.fullReplayMs).padEnd(13)}${ms(r.snapshotSaveMs).padEnd(15)}${snaps}`);
    }
    const results = { machine: info, runs: RUNS, append, replay };
    mkdirSync(join(here, 'results'), { recursive: true });
    const round = (_key: string, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);
    writeFileSync(join(here, 'results', 'replay.json'), `${JSON.stringify(results, round, 2)}\n`);
    out('\nwrote bench/results/replay.json');
  } finally {
    if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
