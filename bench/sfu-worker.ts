// npm run bench:worker — two (or more) mediasoup-worker binaries forwarding the same bare
// conference (bench:sfu's 1 + 64 points, presiding layout, one worker pinned to one core),
// interleaved in one run: packets forwarded per CPU second of the worker, loss, delay. Made to
// weigh the worker patches of scripts/mediasoup/ against upstream's 3.19.3 built the same way.
// Prints a table and writes bench/results/sfu-worker.json. Figures go to docs/BENCHMARKS.md
// ("A faster worker").
//
// Env: BENCH_WORKERS ("label=path,label=path…"; the first is the reference; default: the worker in
// node_modules as "upstream" and BENCH_WORKER_B as "patched"), BENCH_PAIRS (4) rounds, each running
// every binary once, the order rotating each round; BENCH_POINTS (65), BENCH_SUITE
// (AEAD_AES_256_GCM), BENCH_WARMUP_MS (5000), BENCH_MEASURE_MS (10000), BENCH_DECRYPT_EVERY (4);
// BENCH_PERF_DIR: record each run's worker with `perf record -e cpu-clock -g` over the measure
// window into that folder and print its top functions.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureClip } from './lib/clip.js';
import type { Suite } from './lib/loadgen.js';
import { machine } from './lib/machine.js';
import { prioritiseSession } from './lib/proc.js';
import { fmt, median, table } from './lib/stats.js';
import { currentWorkerBin, useWorkerBin } from './lib/worker-bin.js';
import { runConference, type RunResult, type Watch } from './sfu-run.js';

const env = process.env;
const PAIRS = Number(env.BENCH_PAIRS ?? 4);
const POINTS = Number(env.BENCH_POINTS ?? 65);
const SUITE = (env.BENCH_SUITE ?? 'AEAD_AES_256_GCM') as Suite;
const timing = { warmupMs: Number(env.BENCH_WARMUP_MS ?? 5000), measureMs: Number(env.BENCH_MEASURE_MS ?? 10000), decryptEvery: Number(env.BENCH_DECRYPT_EVERY ?? 4) };
const PERF_DIR = env.BENCH_PERF_DIR ? resolve(env.BENCH_PERF_DIR) : undefined;
const here = dirname(fileURLToPath(import.meta.url));
const out = (line = '') => process.stdout.write(`${line}\n`);

type Binary = { label: string; path: string };
function binaries(): Binary[] {
  if (env.BENCH_WORKERS) {
    return env.BENCH_WORKERS.split(',').map((item) => {
      const at = item.indexOf('=');
      if (at <= 0) throw new Error(`BENCH_WORKERS: "${item}" is not label=path`);
      return { label: item.slice(0, at), path: resolve(item.slice(at + 1)) };
    });
  }
  if (!env.BENCH_WORKER_B) throw new Error('set BENCH_WORKER_B=<patched mediasoup-worker> or BENCH_WORKERS=label=path,label=path');
  return [
    { label: 'upstream', path: currentWorkerBin() },
    { label: 'patched', path: resolve(env.BENCH_WORKER_B) },
  ];
}

/** perf record of the worker over the measure window; the top functions once it is written. */
function perfWatch(file: string, top: string[]): Watch {
  return ([pid]) => {
    const perf = spawn('perf', ['record', '-q', '-e', 'cpu-clock', '-F', '1999', '-g', '-p', String(pid), '-o', file], { stdio: 'ignore' });
    return async () => {
      const exited = new Promise((done) => perf.once('exit', done));
      perf.kill('SIGINT');
      await exited;
      const report = execFileSync('perf', ['report', '-i', file, '--no-children', '--stdio', '--sort', 'dso,symbol', '-g', 'none', '--percent-limit', '0.7'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      top.push(...report.split('\n').filter((l) => /^\s+\d/.test(l)));
    };
  };
}

const list = binaries();
const clip = ensureClip();
const autogroupBefore = prioritiseSession();
const info = machine();
out(`bench:worker — ${info.nproc} cores, ${info.cpu}, node ${info.node}, ${info.date}, load ${info.loadavgAtStart.join(' ')}`);
out(`${POINTS} points, ${SUITE}, bare conference, 1 worker pinned; ${PAIRS} rounds of ${list.map((b) => b.label).join(' / ')}`);
for (const b of list) out(`  ${b.label}: ${b.path}`);
if (PERF_DIR) mkdirSync(PERF_DIR, { recursive: true });

type Run = RunResult & { label: string; round: number; loadavg1: number; perfTop?: string[] };
const runs: Run[] = [];
for (let round = 0; round < PAIRS; round++) {
  const order = list.map((_b, i) => list[(i + round) % list.length]!);
  for (const b of order) {
    useWorkerBin(b.path);
    const top: string[] = [];
    const watch = PERF_DIR ? perfWatch(join(PERF_DIR, `${b.label}-${round + 1}.data`), top) : undefined;
    const r = await runConference('bare', { points: POINTS, workers: 1, suite: SUITE, clipUs: clip.durationUs, pin: true }, clip, timing, undefined, watch);
    runs.push({ ...r, label: b.label, round: round + 1, loadavg1: loadavg()[0]!, ...(PERF_DIR ? { perfTop: top } : {}) });
    out(`  round ${round + 1} ${b.label}: out ${fmt(r.ppsOut)} p/s, worker ${fmt(r.workerCpu[0]! * 100)}%, ${fmt(r.usPerPacketOut, 2)} µs/packet = ${fmt(r.ceilingPerWorker)} packets per CPU second, loss ${fmt(r.lossPercent, 2)}%, p99 ${fmt(r.delayP99Ms)} ms, load ${fmt(loadavg()[0]!)}`);
    if (top.length > 0) out(top.slice(0, 25).join('\n'));
  }
}

const ref = list[0]!;
const of = (label: string) => runs.filter((r) => r.label === label);
const summary = list.map((b) => {
  const rs = of(b.label);
  // Ratio per round (same minutes, same neighbours), then the median of the rounds.
  const ratio = median(rs.map((r) => r.ceilingPerWorker / of(ref.label).find((x) => x.round === r.round)!.ceilingPerWorker));
  return {
    label: b.label,
    path: b.path,
    runs: rs.length,
    ppsOut: median(rs.map((r) => r.ppsOut)),
    workerCpu: median(rs.map((r) => r.workerCpu[0]!)),
    usPerPacketOut: median(rs.map((r) => r.usPerPacketOut)),
    packetsPerCpuSecond: median(rs.map((r) => r.ceilingPerWorker)),
    ratioToReference: ratio,
    ratiosPerRound: rs.map((r) => r.ceilingPerWorker / of(ref.label).find((x) => x.round === r.round)!.ceilingPerWorker),
    lossPercentMax: Math.max(...rs.map((r) => r.lossPercent)),
    delayP99Ms: median(rs.map((r) => r.delayP99Ms)),
  };
});
out(`\nMedians of ${PAIRS} rounds (ratio: packets per CPU second over ${ref.label}'s in the same round, then the median)`);
out(
  table(
    ['worker', 'out p/s', 'worker CPU', 'µs/pkt out', 'packets per CPU s', `× ${ref.label}`, 'per round', 'loss % max', 'p99 ms'],
    summary.map((s) => [s.label, fmt(s.ppsOut), `${fmt(s.workerCpu * 100)}%`, fmt(s.usPerPacketOut, 2), fmt(s.packetsPerCpuSecond), fmt(s.ratioToReference, 3), s.ratiosPerRound.map((x) => fmt(x, 2)).join(' '), fmt(s.lossPercentMax, 2), fmt(s.delayP99Ms)]),
  ),
);
const file = join(here, 'results', 'sfu-worker.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify({ machine: info, loadavgAtEnd: loadavg(), autogroupBefore, points: POINTS, suite: SUITE, timing, summary, runs }, null, 2)}\n`);
out(`\nwritten ${file}`);
process.exit(0);
