// npm run bench:sfu — SFU forwarding of hoinghi's media service against a bare mediasoup worker,
// a C forwarder and the cost of the cipher, all in the same run; then a sweep of conference size
// until loss passes 1% or delay p99 passes 50 ms, for 1 and 2 workers. Prints tables and writes
// bench/results/sfu.json. Figures go to docs/BENCHMARKS.md ("SFU forwarding").
//
// Env: BENCH_RUNS (3) runs per comparison, BENCH_POINTS (65: 1 central + 64), BENCH_SUITES
// (AEAD_AES_256_GCM,AES_CM_128_HMAC_SHA1_80), BENCH_WARMUP_MS (5000), BENCH_MEASURE_MS (5000),
// BENCH_SWEEP (1: on), BENCH_SWEEP_START (64 points, then +16), BENCH_SWEEP_BUDGET_S (300 per worker
// count), BENCH_SWEEP_STEP (16 points), BENCH_SWEEP_WORKERS (1,2), BENCH_DECRYPT_EVERY (4);
// BENCH_RUNS=0 skips the hoinghi/bare comparison. BENCH_SPREAD_SENDERS_FROM sets hoinghi's
// spreadSendersFrom (server/media/media-config.ts; 'Infinity' keeps every sender on the first worker).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureClip } from './lib/clip.js';
import type { Suite } from './lib/loadgen.js';
import { machine } from './lib/machine.js';
import { pin, prioritiseSession } from './lib/proc.js';
import { fmt, median, table } from './lib/stats.js';
import { systemLibsrtp, workerLibsrtp } from './lib/libsrtp.js';
import { forwarderLimit, srtpCost } from './sfu-limit.js';
import { runConference, type RunResult, type Timing } from './sfu-run.js';

const env = process.env;
const RUNS = Number(env.BENCH_RUNS ?? 3);
const POINTS = Number(env.BENCH_POINTS ?? 65);
const SUITES = (env.BENCH_SUITES ?? 'AEAD_AES_256_GCM,AES_CM_128_HMAC_SHA1_80').split(',') as Suite[];
const timing: Timing = { warmupMs: Number(env.BENCH_WARMUP_MS ?? 5000), measureMs: Number(env.BENCH_MEASURE_MS ?? 5000), decryptEvery: Number(env.BENCH_DECRYPT_EVERY ?? 4) };
const SWEEP = env.BENCH_SWEEP !== '0';
const SWEEP_BUDGET_S = Number(env.BENCH_SWEEP_BUDGET_S ?? 300);
const SWEEP_START = Number(env.BENCH_SWEEP_START ?? 64);
const SWEEP_STEP = Number(env.BENCH_SWEEP_STEP ?? 16);
const SWEEP_WORKERS = (env.BENCH_SWEEP_WORKERS ?? '1,2').split(',').map(Number);
const MAX_LOSS = 1;
const MAX_P99_MS = 50;
const here = dirname(fileURLToPath(import.meta.url));
const out = (line = '') => process.stdout.write(`${line}\n`);

const clip = ensureClip();
const autogroupBefore = prioritiseSession();
// BENCH_PIN_MAIN=1: this process (which holds hoinghi's media service in its runs, or the bare
// control in the others) on the load generator's core, never on the pinned worker's.
if (env.BENCH_PIN_MAIN === '1') pin(process.pid, 1);
const info = machine();
out(`bench:sfu — ${info.nproc} cores, ${info.cpu}, node ${info.node}, ${info.date}`);
out(`clip: ${clip.records} packets per ${clip.durationUs / 1e6} s; per point: ${clip.packetsPerSecond.map((p) => p.toFixed(0)).join(' + ')} packets/s (VP8 180p/360p/720p + Opus)`);

// --- 1. the limits ---
const costs = [workerLibsrtp(), systemLibsrtp].filter((b) => b !== undefined).map((b) => srtpCost(b));
const cost = costs[0]!;
const fwd = forwarderLimit(4);
const srtpRows = costs.flatMap((c) =>
  (['AEAD_AES_256_GCM', 'AES_CM_128_HMAC_SHA1_80'] as const).flatMap((suite) => [
    [`srtp_protect ${suite} (${c.build})`, fmt(c.libsrtp[suite].protectUs, 2), fmt(1e6 / c.libsrtp[suite].protectUs)],
    [`srtp_unprotect ${suite} (${c.build})`, fmt(c.libsrtp[suite].unprotectUs, 2), fmt(1e6 / c.libsrtp[suite].unprotectUs)],
  ]),
);
out('\nThe limit (same run)');
out(
  table(
    ['what', 'µs per packet', 'packets/s per core'],
    [
      ['C forwarder 1→10, recvmmsg/sendmmsg, no crypto', fmt(fwd.usPerPacket, 2), fmt(fwd.ceilingPerCore)],
      ['AES-128-GCM (OpenSSL EVP), 1,112-byte packet', fmt(cost.openssl.aes128gcmUs, 2), fmt(1e6 / cost.openssl.aes128gcmUs)],
      ['AES-256-GCM (OpenSSL EVP)', fmt(cost.openssl.aes256gcmUs, 2), fmt(1e6 / cost.openssl.aes256gcmUs)],
      ['AES-128-CTR + HMAC-SHA1 (OpenSSL)', fmt(cost.openssl.aes128ctrHmacSha1Us, 2), fmt(1e6 / cost.openssl.aes128ctrHmacSha1Us)],
      ...srtpRows,
    ],
  ),
);

// --- 2. hoinghi against the bare worker, same conference, same run, interleaved ---
type Pair = { suite: Suite; hoinghi: RunResult[]; bare: RunResult[] };
const pairs: Pair[] = [];
for (const suite of SUITES) {
  const pair: Pair = { suite, hoinghi: [], bare: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const kind of i % 2 === 0 ? (['bare', 'hoinghi'] as const) : (['hoinghi', 'bare'] as const)) {
      const r = await runConference(kind, { points: POINTS, workers: 1, suite, clipUs: clip.durationUs, pin: true }, clip, timing);
      pair[kind].push(r);
      out(`  ${suite} ${kind} run ${i + 1}: out ${fmt(r.ppsOut)} p/s, worker ${fmt(r.workerCpu[0]! * 100)}%, ${fmt(r.usPerPacketOut, 2)} µs/packet, loss ${fmt(r.lossPercent, 2)}%, p99 ${fmt(r.delayP99Ms)} ms`);
    }
  }
  pairs.push(pair);
}

const med = (rs: RunResult[], f: (r: RunResult) => number) => median(rs.map(f));
const summaryOf = (rs: RunResult[]) => ({
  runs: rs.length,
  points: rs[0]?.points,
  consumers: rs[0]?.consumers,
  flowingConsumers: rs[0]?.flowingConsumers,
  ppsIn: med(rs, (r) => r.ppsIn),
  ppsOut: med(rs, (r) => r.ppsOut),
  workerCpu: med(rs, (r) => r.workerCpu[0]!),
  usPerPacketOut: med(rs, (r) => r.usPerPacketOut),
  ceilingPerWorker: med(rs, (r) => r.ceilingPerWorker),
  lossPercent: med(rs, (r) => r.lossPercent),
  delayP50Ms: med(rs, (r) => r.delayP50Ms),
  delayP99Ms: med(rs, (r) => r.delayP99Ms),
  memoryPerConsumerKiB: med(rs, (r) => r.memoryPerConsumerKiB),
  nodeCpu: med(rs, (r) => r.nodeCpu),
});
const comparison = RUNS === 0 ? [] : pairs.map((p) => {
  const h = summaryOf(p.hoinghi);
  const b = summaryOf(p.bare);
  // Ratios per run pair (same minute, same neighbours), then their median.
  const ceilingRatio = median(p.hoinghi.map((r, i) => r.ceilingPerWorker / p.bare[i]!.ceilingPerWorker));
  return {
    suite: p.suite,
    hoinghi: h,
    bare: b,
    ratios: {
      hoinghiVsBareCeiling: ceilingRatio,
      hoinghiVsBareForwarded: h.ppsOut / b.ppsOut,
      hoinghiVsForwarder: h.ceilingPerWorker / fwd.ceilingPerCore,
      bareVsForwarder: b.ceilingPerWorker / fwd.ceilingPerCore,
    },
  };
});
if (RUNS > 0) out(`\nhoinghi vs bare mediasoup ${POINTS} points, presiding layout, 1 worker pinned to one core (medians of ${RUNS} runs)`);
if (RUNS > 0) out(
  table(
    ['suite', 'who', 'consumers', 'flowing', 'in p/s', 'out p/s', 'worker CPU', 'µs/pkt out', 'ceiling p/s', 'loss %', 'p50 ms', 'p99 ms', 'KiB/consumer', 'node CPU'],
    comparison.flatMap((c) =>
      (['hoinghi', 'bare'] as const).map((k) => {
        const s = c[k];
        return [c.suite, k, s.consumers ?? 0, s.flowingConsumers ?? 0, fmt(s.ppsIn), fmt(s.ppsOut), `${fmt(s.workerCpu * 100)}%`, fmt(s.usPerPacketOut, 2), fmt(s.ceilingPerWorker), fmt(s.lossPercent, 2), fmt(s.delayP50Ms, 2), fmt(s.delayP99Ms), fmt(s.memoryPerConsumerKiB), `${fmt(s.nodeCpu * 100)}%`];
      }),
    ),
  ),
);
if (RUNS > 0) out('\nRatios (hoinghi ceiling / other ceiling, per-run pairs then median)');
if (RUNS > 0) out(table(['suite', 'hoinghi/bare', 'hoinghi/C forwarder', 'bare/C forwarder'], comparison.map((c) => [c.suite, fmt(c.ratios.hoinghiVsBareCeiling, 3), fmt(c.ratios.hoinghiVsForwarder, 3), fmt(c.ratios.bareVsForwarder, 3)])));

// --- 3. the sweep ---
// Two limits per worker count: the largest conference within both loss and delay p99, and the
// largest (and its packets/s out) within loss alone, the issue's criterion for the 60k target. The
// sweep goes on past a delay failure while loss stays under 1%.
type Step = { points: number; ok: boolean; lossOk: boolean; runs: RunResult[] };
type Sweep = { workers: number; suite: Suite; maxPoints: number | null; maxPointsLossOnly: number | null; steps: Step[] };
const passes = (r: RunResult) => r.lossPercent <= MAX_LOSS && r.delayP99Ms <= MAX_P99_MS;
const lossPasses = (r: RunResult) => r.lossPercent <= MAX_LOSS;
async function sweep(workers: number, suite: Suite, start: number, step: number): Promise<Sweep> {
  const steps: Step[] = [];
  const until = performance.now() + SWEEP_BUDGET_S * 1000;
  let maxPoints: number | null = null;
  let maxPointsLossOnly: number | null = null;
  for (let n = start; performance.now() < until; n += step) {
    const runs: RunResult[] = [];
    runs.push(await runConference('hoinghi', { points: n, workers, suite, clipUs: clip.durationUs, pin: true }, clip, timing));
    // A noisy neighbour can spoil one run: a failing step is run again and passes if the retry does.
    if (!passes(runs[0]!)) runs.push(await runConference('hoinghi', { points: n, workers, suite, clipUs: clip.durationUs, pin: true }, clip, timing));
    const ok = runs.some(passes);
    const lossOk = runs.some(lossPasses);
    const last = runs[runs.length - 1]!;
    out(`  ${workers} worker(s) ${n} points: out ${fmt(last.ppsOut)} p/s, CPU ${last.workerCpu.map((c) => `${fmt(c * 100)}%`).join('/')}, loss ${fmt(last.lossPercent, 2)}%, p99 ${fmt(last.delayP99Ms)} ms → ${ok ? 'ok' : lossOk ? 'loss ok, delay over' : 'over'}`);
    steps.push({ points: n, ok, lossOk, runs });
    if (ok && maxPoints === n - step) maxPoints = n;
    if (ok && maxPoints === null && steps.length === 1) maxPoints = n;
    if (!lossOk) break;
    maxPointsLossOnly = n;
  }
  return { workers, suite, maxPoints, maxPointsLossOnly, steps };
}
const sweeps: Sweep[] = [];
if (SWEEP) {
  out(`\nSweep (hoinghi, ${SUITES[0]}): largest conference with loss ≤ ${MAX_LOSS}% and delay p99 ≤ ${MAX_P99_MS} ms, and with loss ≤ ${MAX_LOSS}% alone`);
  for (const workers of SWEEP_WORKERS) sweeps.push(await sweep(workers, SUITES[0]!, SWEEP_START, SWEEP_STEP));
  const at = (s: Sweep, n: number | null, good: (r: RunResult) => boolean) => s.steps.find((x) => x.points === n)?.runs.find(good);
  const cells = (r: RunResult | undefined) => [r?.consumers ?? '—', r ? fmt(r.ppsOut) : '—', r ? r.workerCpu.map((c) => `${fmt(c * 100)}%`).join('/') : '—', r ? fmt(r.lossPercent, 2) : '—', r ? fmt(r.delayP99Ms) : '—'];
  out(
    table(
      ['workers', 'limit', 'max points', 'consumers there', 'out p/s there', 'worker CPU there', 'loss %', 'p99 ms'],
      sweeps.flatMap((s) => [
        [s.workers, `loss ≤ ${MAX_LOSS}%, p99 ≤ ${MAX_P99_MS} ms`, s.maxPoints ?? `< ${s.steps[0]?.points}`, ...cells(at(s, s.maxPoints, passes))],
        [s.workers, `loss ≤ ${MAX_LOSS}%`, s.maxPointsLossOnly ?? `< ${s.steps[0]?.points}`, ...cells(at(s, s.maxPointsLossOnly, lossPasses))],
      ]),
    ),
  );
}

const file = join(here, 'results', 'sfu.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(
  file,
  `${JSON.stringify({ machine: info, autogroupBefore, timing, clip, limit: { forwarder: fwd, srtpCost: costs }, comparison, runs: pairs, sweeps }, null, 2)}\n`,
);
out(`\nwritten ${file}`);
process.exit(0);
