import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Fuzz, seededRng } from '../../shared/meeting/fuzz-commands.js';
import { spawnServer } from '../integration/support/childServer.js';
import { setUpFuzzConference } from './conference.js';
import { Findings, type Finding } from './findings.js';
import { HttpFuzzer, newHttpStats, type HttpStats } from './httpFuzz.js';
import { ImportFuzzer, newImportStats, type ImportStats } from './importFuzz.js';
import { LogReader } from './logReader.js';
import { newSocketStats, SocketFuzzer, type SocketStats } from './socketFuzz.js';

// The "keep it found" harness of issue 14: a real server process (node server/main.ts, its own
// SQLite file, its own mediasoup worker) fuzzed for a given time with a given seed through real
// socket.io clients and HTTP. Each cycle sets up a fresh conference and spends its time on socket
// messages, then uploads, then HTTP requests (the last may close the conference or revoke links,
// which is why the next cycle starts a new one). The process must stay up, its memory bounded,
// and it must log no error; the phases check their own invariants (socketFuzz, httpFuzz, importFuzz).

export interface FuzzOptions {
  readonly seed: number;
  readonly seconds: number;
  /** progress lines (the CLI prints them) */
  readonly progress?: (line: string) => void;
}

export interface FuzzReport {
  readonly seed: number;
  readonly seconds: number;
  readonly socket: SocketStats;
  readonly http: HttpStats;
  readonly imports: ImportStats;
  readonly findings: Finding[];
  /** inputs per second over the fuzzing time (socket messages, HTTP requests and uploads) */
  readonly rate: { socket: number; http: number; imports: number; all: number };
  /** the server process's resident memory, MB: after setup, highest seen, at the end */
  readonly rssMb: { start: number; peak: number; end: number };
  readonly cycles: number;
}

/** Memory the server may add over a run beyond its start, MB (sockets, caches, conferences made). */
export const RSS_GROWTH_BOUND_MB = 200;
const CYCLE_SECONDS = 60;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function until(deadline: number, work: () => Promise<void>): Promise<void> {
  while (Date.now() < deadline) await work();
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const say = options.progress ?? (() => undefined);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hoinghi-fuzz-'));
  const server = await spawnServer(dataDir, { HOINGHI_LOG_LEVEL: 'info' });
  const pid = server.child.pid!;
  const log = new LogReader(dataDir);
  const findings = new Findings();
  const f = new Fuzz(seededRng(options.seed));
  const socket = newSocketStats();
  const http = newHttpStats();
  const imports = newImportStats();
  const rss = { start: 0, peak: 0, end: 0 };
  let cycles = 0;
  let fuzzingMs = 0;
  const secrets: string[] = [server.serverAdminToken, server.serverAdminToken.split('.')[2]!, log.meta('auth.secret') ?? ''].filter((s) => s.length >= 16);
  try {
    const end = Date.now() + options.seconds * 1000;
    while (Date.now() < end) {
      cycles++;
      const conference = await setUpFuzzConference(server.url, server.serverAdminToken, `fz-${options.seed}-${cycles}`);
      for (const token of conference.tokens.values()) secrets.push(token, token.split('.')[2]!);
      if (cycles === 1) rss.start = rssMb(pid);
      const started = Date.now();
      const cycleEnd = Math.min(end, started + CYCLE_SECONDS * 1000);
      const span = cycleEnd - started;
      const sockets = new SocketFuzzer({ fuzz: f, url: server.url, conference, log, findings, stats: socket });
      await sockets.open(server.serverAdminToken);
      await until(started + span * 0.55, () => sockets.batch());
      sockets.close();
      say(`cycle ${cycles}: ${socket.messages} socket messages, ${findings.size} kinds of finding`);
      const importer = new ImportFuzzer({ fuzz: f, url: server.url, conference, log, findings, stats: imports });
      await until(started + span * 0.7, () => importer.upload());
      const requests = new HttpFuzzer({ fuzz: f, url: server.url, conference, log, findings, serverAdminToken: server.serverAdminToken, secrets: () => secrets, stats: http });
      await until(cycleEnd, () => requests.request());
      fuzzingMs += Date.now() - started;
      rss.peak = Math.max(rss.peak, rssMb(pid));
      say(`cycle ${cycles}: ${imports.uploads} uploads, ${http.requests} HTTP requests, server RSS ${rssMb(pid).toFixed(0)} MB`);
    }
    rss.end = rssMb(pid);
    if (rss.end - rss.start > RSS_GROWTH_BOUND_MB) findings.add('memory grew', `server RSS ${rss.start.toFixed(0)} → ${rss.end.toFixed(0)} MB`, 0);
    const health = await fetch(`${server.url}/healthz`).then((r) => r.status, (e: Error) => e.message);
    if (health !== 200) findings.add('server not healthy after the run', String(health), 0);
  } finally {
    if (server.child.exitCode !== null || server.child.signalCode !== null) findings.add('server process died', `exit ${server.child.exitCode} ${server.child.signalCode}\n${server.stdout().slice(-2000)}`, 0);
    log.close();
    await server.stop();
    for (const line of server.stdout().split('\n')) {
      if (!line.startsWith('{')) continue;
      const level = (JSON.parse(line) as { level?: number }).level ?? 0;
      if (level >= 50) findings.add('server logged an error', line.slice(0, 600), 0);
      for (const secret of secrets) if (line.includes(secret)) findings.add('a log line holds a token or the secret', line.slice(0, 300), 0);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  const seconds = fuzzingMs / 1000;
  const per = (n: number) => Math.round(n / Math.max(seconds, 0.001));
  return {
    seed: options.seed,
    seconds,
    socket,
    http,
    imports,
    findings: findings.list,
    rate: { socket: per(socket.messages), http: per(http.requests), imports: per(imports.uploads), all: per(socket.messages + http.requests + imports.uploads) },
    rssMb: rss,
    cycles,
  };
}
