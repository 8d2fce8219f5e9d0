import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Fuzz, seededRng } from '../../shared/meeting/fuzz-commands.js';
import { EventSchema } from '../../shared/protocol/index.js';
import { spawnServer, type ChildServer } from '../integration/support/childServer.js';
import { setUpFuzzConference } from './conference.js';
import { Findings, type Finding } from './findings.js';
import { HttpFuzzer, newHttpStats, type HttpStats } from './httpFuzz.js';
import { ImportFuzzer, newImportStats, type ImportStats } from './importFuzz.js';
import { LogReader } from './logReader.js';
import { newSocketStats, SocketFuzzer, type SocketStats } from './socketFuzz.js';

// The "keep it found" harness of issue 14: a real server process (node server/main.ts, its own
// SQLite file, its own mediasoup worker) fuzzed for a given time with a given seed through real
// socket.io clients and HTTP. Each cycle sets up a fresh conference and spends its time on
// uploads, then socket messages, then HTTP requests (the last may close the conference or revoke links,
// which is why the next cycle starts a new one). The process must stay up, its memory bounded,
// and it must log no error; the phases check their own invariants (socketFuzz, httpFuzz, importFuzz).

export interface FuzzOptions {
  readonly seed: number;
  readonly seconds: number;
  /**
   * Also start a second server on the fuzzed data dir and check it loads every conference (about
   * 8 s on the loaded CI machine, so the CLI does it and the CI test checks the replay in-process).
   */
  readonly restart?: boolean;
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
  /** the server's live heap after a full GC, MB: after setup, highest seen, at the end (and its RSS at the end) */
  readonly heapMb: { start: number; peak: number; end: number; rssEnd: number };
  readonly cycles: number;
}

/**
 * Live heap the server may add over a run, MB, after a full GC: every conference the run made
 * (one per cycle, plus copies) is kept in memory with its state, so some growth is expected; a
 * leak per message (about 400 a second) would pass this within a minute.
 */
export const HEAP_GROWTH_BOUND_MB = 64;
const CYCLE_SECONDS = 60;

/** The server's heap after a full GC, MB (fuzzServer.ts answers SIGUSR2 with a line). */
async function heapMb(server: ChildServer): Promise<{ heap: number; rss: number }> {
  const seen = server.stdout().length;
  process.kill(server.child.pid!, 'SIGUSR2');
  for (let i = 0; i < 200; i++) {
    const line = server.stdout().slice(seen).split('\n').find((l) => l.startsWith('{"fuzzHeap"'));
    if (line) {
      const { heapUsed, rss } = (JSON.parse(line) as { fuzzHeap: { heapUsed: number; rss: number } }).fuzzHeap;
      return { heap: heapUsed / 2 ** 20, rss: rss / 2 ** 20 };
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the server did not report its heap');
}

async function until(deadline: number, work: () => Promise<void>): Promise<void> {
  while (Date.now() < deadline) await work();
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const say = options.progress ?? (() => undefined);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hoinghi-fuzz-'));
  const server = await spawnServer(dataDir, { HOINGHI_LOG_LEVEL: 'info', NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --expose-gc` }, 'test/fuzz/fuzzServer.ts');
  const log = new LogReader(dataDir);
  const findings = new Findings();
  const f = new Fuzz(seededRng(options.seed));
  const socket = newSocketStats();
  const http = newHttpStats();
  const imports = newImportStats();
  const heap = { start: 0, peak: 0, end: 0, rssEnd: 0 };
  let cycles = 0;
  let fuzzingMs = 0;
  const secrets: string[] = [server.serverAdminToken, server.serverAdminToken.split('.')[2]!, log.meta('auth.secret') ?? ''].filter((s) => s.length >= 16);
  try {
    const end = Date.now() + options.seconds * 1000;
    while (Date.now() < end) {
      cycles++;
      const conference = await setUpFuzzConference(server.url, server.serverAdminToken, `fz-${options.seed}-${cycles}`);
      for (const token of conference.tokens.values()) secrets.push(token, token.split('.')[2]!);
      if (cycles === 1) heap.start = (await heapMb(server)).heap;
      const context = { fuzz: f, url: server.url, conference, log, findings };
      const started = Date.now();
      const cycleEnd = Math.min(end, started + CYCLE_SECONDS * 1000);
      const span = cycleEnd - started;
      // uploads first, while the list may still be replaced (before any attendance is marked)
      const importer = new ImportFuzzer(context, { stats: imports });
      await until(started + span * 0.15, () => importer.upload());
      const sockets = new SocketFuzzer(context, { stats: socket });
      await sockets.open(server.serverAdminToken);
      await until(started + span * 0.7, () => sockets.batch());
      sockets.close();
      say(`cycle ${cycles}: ${socket.messages} socket messages, ${findings.size} kinds of finding`);
      const requests = new HttpFuzzer(context, { serverAdminToken: server.serverAdminToken, secrets: () => secrets, stats: http });
      await until(cycleEnd, () => requests.request());
      fuzzingMs += Date.now() - started;
      const now = await heapMb(server);
      heap.peak = Math.max(heap.peak, now.heap);
      say(`cycle ${cycles}: ${imports.uploads} uploads, ${http.requests} HTTP requests, server heap ${now.heap.toFixed(0)} MB (RSS ${now.rss.toFixed(0)} MB)`);
    }
    const last = await heapMb(server);
    heap.end = last.heap;
    heap.rssEnd = last.rss;
    if (heap.end - heap.start > HEAP_GROWTH_BOUND_MB) findings.add('memory grew', `server heap after GC ${heap.start.toFixed(0)} → ${heap.end.toFixed(0)} MB`, 0);
    const health = await fetch(`${server.url}/healthz`).then((r) => r.status, (e: Error) => e.message);
    if (health !== 200) findings.add('server not healthy after the run', String(health), 0);
  } finally {
    if (server.child.exitCode !== null || server.child.signalCode !== null) findings.add('server process died', `exit ${server.child.exitCode} ${server.child.signalCode}\n${server.stdout().slice(-2000)}`, 0);
    await server.stop();
    for (const line of server.stdout().split('\n')) {
      if (!line.startsWith('{') || line.startsWith('{"fuzzHeap"')) continue;
      const level = (JSON.parse(line) as { level?: number }).level ?? 0;
      if (level >= 50) findings.add('server logged an error', line.slice(0, 3000), 0);
      for (const secret of secrets) if (line.includes(secret)) findings.add('a log line holds a token or the secret', line.slice(0, 300), 0);
    }
  }
  try {
    // The log the run wrote, accepted and refused inputs alike, must replay: every stored event
    // parses and the core folds every conference's log; with `restart`, a server started again
    // on the same data dir loads every conference (one it cannot replay is logged as an error).
    for (const conferenceId of log.heads().keys()) {
      try {
        for (const row of log.eventsOf(conferenceId)) EventSchema.parse(row.event);
        log.stateOf(conferenceId);
      } catch (error) {
        findings.add('the fuzzed log does not replay', `${conferenceId}: ${(error as Error).message.slice(0, 500)}`, 0);
      }
    }
    log.close();
    if (options.restart) {
      const again = await spawnServer(dataDir, { HOINGHI_LOG_LEVEL: 'info' });
      await again.stop();
      for (const line of again.stdout().split('\n')) if (line.startsWith('{') && ((JSON.parse(line) as { level?: number }).level ?? 0) >= 50) findings.add('the fuzzed log does not load in a new server', line.slice(0, 600), 0);
    }
  } catch (error) {
    findings.add('the server does not start again on the fuzzed data dir', (error as Error).message.slice(0, 600), 0);
  } finally {
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
    heapMb: heap,
    cycles,
  };
}
