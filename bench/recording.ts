// npm run bench:recording — what recording costs beside a conference (issue 16). The 1 + 64
// conference of bench:sfu (hoinghi's MediaService, the native load generator's synthetic points,
// SRTP, presiding layout) runs with 0, then R of its points recorded by the server's own recorders
// (server/recording: taps, the clock relay, one ffmpeg per point copying VP8/Opus into WebM
// segments); CPU of the recorders' ffmpeg, of the node process (the relay) and of the worker is
// read from /proc over the measure window, with the conference's loss and delay. Then a program
// cut is rendered from a longer recording of four points, to give render time per minute.
// Figures go to docs/BENCHMARKS.md ("Recording"); raw ones to bench/results/recording.json.
//
// Env: BENCH_POINTS (65), BENCH_RECORDERS (0,16,32,65), BENCH_WARMUP_MS (8000), BENCH_MEASURE_MS
// (10000), BENCH_RENDER_S (60: meeting seconds of the render run; 0 skips it), BENCH_SUITE.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../server/log/logger.js';
import { PointRecorder, tapPorts } from '../server/recording/point-recorder.js';
import { programRenderJob } from '../server/recording/program-graph.js';
import { readPieces } from '../server/recording/program-sources.js';
import { PROGRAM_HEIGHT, PROGRAM_WIDTH, type EditList, type Shot } from '../shared/recording/edit-list.js';
import { ensureClip } from './lib/clip.js';
import type { Suite } from './lib/loadgen.js';
import { machine } from './lib/machine.js';
import { prioritiseSession } from './lib/proc.js';
import { fmt, table } from './lib/stats.js';
import type { HoinghiConference } from './sfu-hoinghi.js';
import { runConference, type Beside, type RunResult } from './sfu-run.js';

const env = process.env;
const POINTS = Number(env.BENCH_POINTS ?? 65);
const RECORDERS = (env.BENCH_RECORDERS ?? '0,16,32,65').split(',').map(Number);
const WARMUP_MS = Number(env.BENCH_WARMUP_MS ?? 8000);
const MEASURE_MS = Number(env.BENCH_MEASURE_MS ?? 10000);
const RENDER_S = Number(env.BENCH_RENDER_S ?? 60);
const SUITE = (env.BENCH_SUITE ?? 'AEAD_AES_256_GCM') as Suite;
const SEGMENT_SECONDS = 4;
const here = dirname(fileURLToPath(import.meta.url));
const out = (line = '') => process.stdout.write(`${line}\n`);
const logger = createLogger('silent');

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

type Recorded = { pointId: string; bytes: number; recordedS: number; segments: number };
/** Recorders whose ffmpeg stopped on its own during a run, with why. */
const failures: { recorders: number; pointId: string; stderr: string }[] = [];

/** Per run: ms from each recorder's tap resume to its camera's first key frame at the relay. */
const pictureWaits = new Map<number, number[]>();

/** Recorders for the first `count` points of the conference, started as the server starts them. */
function recordersBeside(count: number, root: string, done: (r: Recorded[]) => void) {
  return async (conf: HoinghiConference): Promise<Beside> => {
    const feeds = conf.media.pointFeeds(conf.conferenceId).slice(0, count);
    const recorders: PointRecorder[] = [];
    for (const feed of feeds) {
      const producers = [feed.camera, feed.microphone].filter((p): p is string => p !== null);
      const ports = await tapPorts(producers.length);
      const taps = [];
      for (const [i, producerId] of producers.entries()) taps.push(await conf.media.openTap(conf.conferenceId, producerId, { ip: '127.0.0.1', port: ports[i]! }));
      const recorder = new PointRecorder({ dir: join(root, feed.pointId), pointId: feed.pointId, taps, segmentSeconds: SEGMENT_SECONDS, logger });
      void recorder.picture.then((ms) => pictureWaits.set(count, [...(pictureWaits.get(count) ?? []), ms]), () => undefined);
      recorder.once('exit', (exit) => {
        if (!exit.requested) failures.push({ recorders: count, pointId: feed.pointId, stderr: exit.stderr.slice(-300) });
      });
      await recorder.start().catch((err: Error) => failures.push({ recorders: count, pointId: feed.pointId, stderr: err.message.slice(-300) }));
      recorders.push(recorder);
    }
    return {
      pids: () => recorders.map((r) => r.pid).filter((p): p is number => p !== undefined),
      stop: async () => {
        await Promise.all(recorders.map((r) => r.stop()));
        const pieces = await readPieces(root);
        done(
          pieces.map((p) => ({
            pointId: p.pointId,
            bytes: p.segments.reduce((a, s) => a + statSync(s.file).size, 0),
            recordedS: p.segments[p.segments.length - 1]!.endS - p.segments[0]!.startS - p.leadS,
            segments: p.segments.length,
          })),
        );
      },
    };
  };
}

prioritiseSession();
const clip = ensureClip();
const info = machine();
out(`bench:recording — ${info.nproc} cores, ${info.cpu}, node ${info.node}, ${info.date}; load average before: ${loadavg()}`);
out(`conference: 1 + ${POINTS - 1} points (bench:sfu's), ${SUITE}; recorders: ${RECORDERS.join(', ')}; warm-up ${WARMUP_MS} ms, measure ${MEASURE_MS} ms; segments of ${SEGMENT_SECONDS} s`);

const work = mkdtempSync(join(tmpdir(), 'hoinghi-bench-recording-'));
type Row = { recorders: number; run: RunResult; recorded: Recorded[]; pictureMs: number[]; loadBefore: string; loadAfter: string };
const rows: Row[] = [];
for (const count of RECORDERS) {
  const root = join(work, `r${count}`);
  mkdirSync(root, { recursive: true });
  let recorded: Recorded[] = [];
  const loadBefore = loadavg();
  const run = await runConference('hoinghi', { points: POINTS, workers: 1, suite: SUITE, clipUs: clip.durationUs, pin: true }, clip, { warmupMs: WARMUP_MS, measureMs: MEASURE_MS, decryptEvery: 4 }, count > 0 ? recordersBeside(count, root, (r) => (recorded = r)) : undefined);
  const pictureMs = [...(pictureWaits.get(count) ?? [])].sort((a, b) => a - b);
  rows.push({ recorders: count, run, recorded, pictureMs, loadBefore, loadAfter: loadavg() });
  for (const f of failures.filter((x) => x.recorders === count)) out(`  recorder of ${f.pointId} stopped on its own: ${f.stderr}`);
  const minShare = recorded.length ? Math.min(...recorded.map((r) => r.recordedS)) : 0;
  out(
    `  ${count} recorders: ffmpeg ${fmt(run.besideCpu * 100)}% (${run.besideProcesses} processes), node ${fmt(run.nodeCpu * 100)}%, worker ${fmt(run.workerCpu[0]! * 100)}%, loss ${fmt(run.lossPercent, 2)}%, p99 ${fmt(run.delayP99Ms)} ms, kernel UDP drops ${run.kernelUdpDrops}; ${recorded.length} with segments, first picture ${pictureSummary(pictureMs)}; shortest recording ${fmt(minShare, 1)} s; load ${loadBefore} → ${loadavg()}`,
  );
  rmSync(root, { recursive: true, force: true });
}

const base = rows.find((r) => r.recorders === 0);
out('\nRecording beside the conference (CPU in % of one core over the measure window)');
out(
  table(
    ['points recorded', 'recorders failed', 'with segments', 'first picture p50 / max', 'ffmpeg (all)', 'ffmpeg per point', 'node (relay + server)', 'worker', 'SFU loss', 'p99 delay', 'kernel UDP drops', 'shortest recording / window', 'MB/min per point'],
    rows.map((r) => {
      const perPoint = r.recorders ? (r.run.besideCpu * 100) / r.recorders : NaN;
      const mbPerMin = r.recorded.length ? r.recorded.reduce((a, x) => a + x.bytes / Math.max(0.001, x.recordedS), 0) / r.recorded.length / 1e6 * 60 : NaN;
      const shortest = r.recorded.length ? Math.min(...r.recorded.map((x) => x.recordedS)) : NaN;
      return [
        String(r.recorders),
        String(failures.filter((f) => f.recorders === r.recorders).length),
        String(r.recorded.length),
        pictureSummary(r.pictureMs),
        fmt(r.run.besideCpu * 100),
        fmt(perPoint, 2),
        `${fmt(r.run.nodeCpu * 100)}${base && r !== base ? ` (+${fmt((r.run.nodeCpu - base.run.nodeCpu) * 100)})` : ''}`,
        fmt(r.run.workerCpu[0]! * 100),
        `${fmt(r.run.lossPercent, 2)}%`,
        `${fmt(r.run.delayP99Ms)} ms`,
        String(r.run.kernelUdpDrops),
        r.recorded.length ? `${fmt(shortest, 1)} s / ${fmt((WARMUP_MS + MEASURE_MS) / 1000, 0)} s` : '—',
        fmt(mbPerMin, 2),
      ];
    }),
  ),
);

// --- the program cut's render time: four points recorded for RENDER_S s, cut every 10 s ---
let render: { meetingS: number; renderS: number; perMinuteS: number; bytes: number; loadBefore: string; loadAfter: string } | null = null;
if (RENDER_S > 0) {
  const root = join(work, 'render');
  mkdirSync(root, { recursive: true });
  let startedAt = 0;
  const four = async (conf: HoinghiConference) => {
    startedAt = Date.now();
    return recordersBeside(4, root, () => undefined)(conf);
  };
  await runConference('hoinghi', { points: POINTS, workers: 1, suite: SUITE, clipUs: clip.durationUs, pin: true }, clip, { warmupMs: 2000, measureMs: RENDER_S * 1000, decryptEvery: 16 }, four);
  const pieces = await readPieces(root);
  const ids = pieces.map((p) => p.pointId);
  const durationMs = RENDER_S * 1000;
  // The shape of a meeting: the central point full frame, a district speaking with the central
  // inset, the gallery; a cut every 10 s, each with its caption.
  const shots: Shot[] = [];
  for (let from = 0, k = 0; from < durationMs; from += 10_000, k++) {
    const main = ids[k % ids.length]!;
    const gallery = k % 3 === 2;
    const cell = { w: 426, h: 240 };
    shots.push({
      fromMs: from,
      toMs: Math.min(durationMs, from + 10_000),
      layout: gallery ? 'gallery' : 'presiding',
      pictures: gallery
        ? ids.map((pointId, i) => ({ pointId, role: 'grid' as const, rect: { x: (i % 3) * cell.w, y: Math.floor(i / 3) * cell.h, ...cell } }))
        : [{ pointId: main, role: 'main' as const, rect: { x: 0, y: 0, w: PROGRAM_WIDTH, h: PROGRAM_HEIGHT } }, ...(main === ids[0] ? [] : [{ pointId: ids[0]!, role: 'inset' as const, rect: { x: 936, y: 24, w: 320, h: 180 } }])],
      caption: { name: `Đại biểu ${k + 1}`, position: 'Chủ tịch UBND', pointName: main, stepTitle: 'Thảo luận' },
    });
  }
  const edl: EditList = { format: 'hoinghi-program-edit-list', version: 1, conferenceId: 'bench', recordingId: 'bench', startedAt, stoppedAt: startedAt + durationMs, open: false, durationMs, width: PROGRAM_WIDTH, height: PROGRAM_HEIGHT, shots, speeches: [], pointNames: {} };
  const job = programRenderJob(edl, pieces, { output: join(root, 'program.mp4'), fontFile: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', boldFontFile: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf' });
  const cwd = join(root, 'work');
  mkdirSync(cwd, { recursive: true });
  for (const f of job.files) writeFileSync(join(cwd, f.name), f.content);
  const loadBefore = loadavg();
  const t0 = performance.now();
  for (const args of job.steps) await ffmpeg(args, cwd);
  const renderS = (performance.now() - t0) / 1000;
  render = { meetingS: RENDER_S, renderS, perMinuteS: (renderS / RENDER_S) * 60, bytes: statSync(join(root, 'program.mp4')).size, loadBefore, loadAfter: loadavg() };
  out(`\nProgram cut: ${RENDER_S} s of meeting (4 points, ${shots.length} shots) rendered in ${fmt(renderS, 1)} s = ${fmt(render.perMinuteS, 1)} s per minute of meeting; ${fmt(render.bytes / 1e6, 1)} MB; load ${loadBefore} → ${render.loadAfter}`);
}

mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'recording.json'), `${JSON.stringify({ machine: info, points: POINTS, suite: SUITE, warmupMs: WARMUP_MS, measureMs: MEASURE_MS, rows, failures, render }, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
out('\nwrote bench/results/recording.json');

/** p50 / max of the first-picture waits (sorted), in ms. */
function pictureSummary(sorted: number[]): string {
  return sorted.length ? `${fmt(sorted[Math.floor(sorted.length / 2)]!, 0)} / ${fmt(sorted[sorted.length - 1]!, 0)} ms` : '—';
}

function ffmpeg(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exit ${code}: ${stderr}`))));
  });
}
