// npm run bench:core — how fast the meeting core folds a long conference's log: `replay(events)`
// (a restart or a client's catch-up from scratch) and `evolve` one event at a time (what the room
// does with every live event, and what the store's generic fold does on start), over the whole
// log and over its last 1,000 events (the meeting at its largest). Prints a table and writes
// bench/results/core-replay.json. Figures go to docs/BENCHMARKS.md ("Meeting core replay").
//
// Env: BENCH_RUNS (repeats per figure, default 5; the median is reported), BENCH_SIZES (default
// "10000,100000"), BENCH_MIXES (default "conference,queue"), BENCH_OUT (result file),
// BENCH_LIVE_MAX (largest log also folded whole with evolve, default 10000: the whole-log live
// fold copies the touched record on every event, minutes at 100,000 events).
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evolve, replay, type MeetingState } from '../shared/meeting/index.js';
import type { MeetingEvent } from '../shared/protocol/index.js';
import { conferenceLog, type Mix } from './core-replay-workload.js';
import { entriesOf, idsOf } from '../shared/meeting/buckets.js';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const MIXES = (process.env.BENCH_MIXES ?? 'conference,queue').split(',') as Mix[];
const LIVE_MAX = Number(process.env.BENCH_LIVE_MAX ?? 10_000);
const here = dirname(fileURLToPath(import.meta.url));
const OUT = process.env.BENCH_OUT ?? join(here, 'results', 'core-replay.json');
const out = (line = ''): void => void process.stdout.write(`${line}\n`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}
const fmt = (x: number): string => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));

/**
 * Wall and CPU ms of each run. The CPU time this process spent is less shaken than wall time by
 * the other jobs on a shared machine (load 10+ here), so both are reported.
 */
function timed(runs: number, f: () => void): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    f();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall, cpu };
}

/** The live path: one pure evolve per event, each result the next input. */
function foldLive(events: readonly MeetingEvent[], from: MeetingState): MeetingState {
  let s = from;
  for (const e of events) s = evolve(s, e);
  return s;
}

function measure(size: number, mix: Mix) {
  const t0 = performance.now();
  const w = conferenceLog(size, mix);
  const generateMs = performance.now() - t0;
  const events = w.events;
  const json = JSON.stringify(w.state);
  // The figures mean nothing if the fast path folds differently from the live one.
  if (JSON.stringify(replay(events)) !== json) throw new Error(`${mix} ${size}: replay differs from the live state`);

  const replayRuns = timed(RUNS, () => void replay(events));
  const replayMs = median(replayRuns.wall);
  const liveMs = events.length <= LIVE_MAX ? median(timed(RUNS, () => void foldLive(events, replay([]))).wall) : null;
  const tail = events.slice(-1000);
  const before = replay(events.slice(0, -1000));
  // One live chain first, so every record has had the copy that turns a replayed (dictionary-mode)
  // record back into a fast one, as on a server some events after a restart.
  const warm = foldLive(tail.slice(0, 50), before);
  const tailRuns = timed(RUNS, () => void foldLive(tail, warm));
  const tailMs = median(tailRuns.wall);
  const byType = new Map<string, { n: number; ms: number }>();
  let t = warm;
  for (const e of tail) {
    const t0 = performance.now();
    t = evolve(t, e);
    const x = byType.get(e.type) ?? { n: 0, ms: 0 };
    x.n++;
    x.ms += performance.now() - t0;
    byType.set(e.type, x);
  }
  const liveTailByType: Record<string, { events: number; usPerEvent: number }> = {};
  for (const [k, v] of [...byType].sort((a, b) => b[1].ms / b[1].n - a[1].ms / a[1].n))
    liveTailByType[k] = { events: v.n, usPerEvent: Math.round((v.ms * 1000) / v.n) };
  const s = w.state;
  return {
    mix,
    events: events.length,
    commands: w.commands,
    refused: w.refused,
    stateJsonKB: Math.round(json.length / 1024),
    sizes: {
      attendees: s.attendeeOrder.length,
      requests: idsOf(s.queue.requests).length,
      speeches: s.speechOrder.length,
      marks: entriesOf(s.attendees).reduce((n, a) => n + a.marks.length, 0),
    },
    byType: w.byType,
    generateMs,
    replayMs,
    replayCpuMs: median(replayRuns.cpu),
    replayEventsPerSecond: Math.round((events.length * 1000) / replayMs),
    liveFoldMs: liveMs,
    liveUsPerEvent: liveMs === null ? null : (liveMs * 1000) / events.length,
    liveTailUsPerEvent: (tailMs * 1000) / tail.length,
    liveTailCpuUsPerEvent: (median(tailRuns.cpu) * 1000) / tail.length,
    liveTailByType,
    decideUsPerCommand: w.decideUs,
    /** Total ms in decide by command type (the invitation import is one command of 3,000 rows). */
    decideMsByType: w.decideMsByType,
    decideCpuMsByType: w.decideCpuMsByType,
  };
}

const cpu = cpus()[0]?.model ?? 'unknown';
let nproc = String(cpus().length);
try {
  nproc = execSync('nproc').toString().trim();
} catch {
  // nproc is only for the record; os.cpus() is the fallback.
}
out(`meeting core replay — node ${process.version}, nproc ${nproc}, ${cpu}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}, ${RUNS} runs per figure`);
out();
out('| mix | events | state JSON | replay (median) | replay events/s | live evolve fold | live µs/event | live µs/event, last 1,000 | decide µs/command (all / last 1,000) |');
out('|---|---|---|---|---|---|---|---|---|');
const results = [];
for (const mix of MIXES)
  for (const size of SIZES) {
    const r = measure(size, mix);
    results.push(r);
    out(`| ${mix} | ${r.events.toLocaleString('en')} | ${r.stateJsonKB.toLocaleString('en')} KB | ${fmt(r.replayMs)} ms | ${r.replayEventsPerSecond.toLocaleString('en')} | ${r.liveFoldMs === null ? '—' : `${fmt(r.liveFoldMs)} ms`} | ${r.liveUsPerEvent === null ? '—' : fmt(r.liveUsPerEvent)} | ${fmt(r.liveTailUsPerEvent)} | ${fmt(r.decideUsPerCommand.all)} / ${fmt(r.decideUsPerCommand.last1000)} |`);
  }
out();
for (const r of results) {
  out(`${r.mix} ${r.events}: ${r.commands} commands (${r.refused} refused), ${r.sizes.attendees} attendees, ${r.sizes.marks} marks, ${r.sizes.requests} requests, ${r.sizes.speeches} speeches; log generated in ${fmt(r.generateMs)} ms`);
  out(`  live µs/event in the last 1,000, dearest first: ${Object.entries(r.liveTailByType).slice(0, 6).map(([k, v]) => `${k} ${v.usPerEvent} (×${v.events})`).join(', ')}`);
  out(`  CPU time (median): replay ${fmt(r.replayCpuMs)} ms, live ${fmt(r.liveTailCpuUsPerEvent)} µs/event over the last 1,000`);
  out(`  decide of the ${r.sizes.attendees >= 3000 ? '3,000-row ' : ''}invitation import: ${fmt(r.decideMsByType.importInvitationList ?? NaN)} ms (CPU ${fmt(r.decideCpuMsByType.importInvitationList ?? NaN)} ms)`);
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, nproc, cpu, loadavg: loadavg(), runs: RUNS, results }, null, 2)}\n`);
out(`\nwritten ${OUT}`);
