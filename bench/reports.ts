// npm run bench:reports — render time of every report format for a generated 200-point,
// 3,000-attendee conference (bench/reports-conference.ts), median of BENCH_RUNS runs (default 5).
// Prints a table and writes bench/results/reports.json; the figures go to docs/BENCHMARKS.md
// ("Reports" section). Wall time and this process's CPU time are both taken: on a shared machine
// the CPU time is the steadier of the two.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replay } from '../shared/meeting/index.js';
import { attendanceReportFromState, logUpTo, minutesFromState } from '../shared/reports/index.js';
import { renderReport, type ReportRequest } from '../server/reports/formats.js';
import { largeConference } from './reports-conference.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const REPLAY_RUNS = Number(process.env['BENCH_REPLAY_RUNS'] ?? 3);
const here = dirname(fileURLToPath(import.meta.url));
const out = (line = '') => process.stdout.write(`${line}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

interface Sample {
  wallMs: number;
  cpuMs: number;
}
async function measure<T>(task: () => Promise<T> | T): Promise<Sample & { result: T }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await task();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, result };
}
async function repeat<T>(runs: number, task: () => Promise<T> | T): Promise<{ wallMs: number; cpuMs: number; minWallMs: number; maxWallMs: number; last: T }> {
  const samples: (Sample & { result: T })[] = [];
  for (let i = 0; i < runs; i++) samples.push(await measure(task));
  const walls = samples.map((s) => s.wallMs);
  return { wallMs: median(walls), cpuMs: median(samples.map((s) => s.cpuMs)), minWallMs: Math.min(...walls), maxWallMs: Math.max(...walls), last: samples[samples.length - 1]!.result };
}
const fmt = (ms: number) => (ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

function pdfPages(pdf: Buffer): number {
  const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString('utf8');
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? NaN);
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? NaN;
  const gen = await measure(() => largeConference(200, 15));
  const conf = gen.result;
  out(`Conference: ${conf.points} points, ${conf.attendees} attendees (incl. walk-ins), ${conf.events.length} events; generated through decide/evolve in ${fmt(gen.wallMs)} ms`);
  const sliced = logUpTo(conf.events);
  if (!sliced.ok) throw new Error(sliced.message);
  const log = sliced.log;

  const fold = await repeat(REPLAY_RUNS, () => replay(conf.events));
  const model = await repeat(RUNS, () => ({ a: attendanceReportFromState(conf.state, log), m: minutesFromState(conf.state, log) }));
  out(`replay of the log (core evolve), median of ${REPLAY_RUNS}: ${fmt(fold.wallMs)} ms wall, ${fmt(fold.cpuMs)} ms CPU`);
  out(`report models (attendance + minutes) from the folded state: ${fmt(model.wallMs)} ms wall`);
  out();

  const formats: [string, Pick<ReportRequest, 'report' | 'format'> & Partial<ReportRequest>][] = [
    ['attendance.csv (list)', { report: 'attendance', format: 'csv', view: 'attendees' }],
    ['attendance.csv (totals)', { report: 'attendance', format: 'csv', view: 'totals' }],
    ['attendance.xlsx', { report: 'attendance', format: 'xlsx' }],
    ['attendance.pdf', { report: 'attendance', format: 'pdf' }],
    ['minutes.md', { report: 'minutes', format: 'md' }],
    ['minutes.docx', { report: 'minutes', format: 'docx' }],
    ['minutes.pdf', { report: 'minutes', format: 'pdf' }],
  ];
  const rows: Record<string, unknown>[] = [];
  out(`| report | size | pages | wall ms (median of ${RUNS}) | [min–max] | CPU ms |`);
  out('|---|---|---|---|---|---|');
  // One warm-up render per format: the first PDF also parses the font files.
  for (const [name, req] of formats) {
    const full: ReportRequest = { view: 'attendees', delimiter: 'comma', ...req };
    await renderReport(conf.events, full, { folded: conf.state });
    const r = await repeat(RUNS, async () => {
      const x = await renderReport(conf.events, full, { folded: conf.state });
      if (!x.ok) throw new Error(x.message);
      return x.report.body;
    });
    const pages = req.format === 'pdf' ? pdfPages(r.last) : null;
    rows.push({ name, bytes: r.last.length, pages, wallMs: r.wallMs, minWallMs: r.minWallMs, maxWallMs: r.maxWallMs, cpuMs: r.cpuMs });
    out(`| ${name} | ${(r.last.length / 1024).toFixed(0)} KiB | ${pages ?? '—'} | ${fmt(r.wallMs)} | [${fmt(r.minWallMs)}–${fmt(r.maxWallMs)}] | ${fmt(r.cpuMs)} |`);
  }
  const loadAfter = loadavg()[0] ?? NaN;
  out();
  out(`1-min load average: ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end (${cpus().length} CPUs)`);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(
    join(here, 'results', 'reports.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? '',
        runs: RUNS,
        loadAverage: { start: loadBefore, end: loadAfter },
        conference: { points: conf.points, attendees: conf.attendees, events: conf.events.length },
        replay: { wallMs: fold.wallMs, cpuMs: fold.cpuMs, runs: REPLAY_RUNS },
        models: { wallMs: model.wallMs },
        formats: rows,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
