// The signalling benches' nodes (bench/signal-server.ts as separate processes) and their settings
// from the environment.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, type ChildServer } from '../../test/integration/support/childServer.js';
import type { SignalNode, SignalRunOptions } from './signal-run.js';

const ENTRY = join(import.meta.dirname, '..', 'signal-server.ts');

export type BenchNode = SignalNode & { server: ChildServer; adminToken: string; stop(): Promise<void> };

/** A node with its own temp data dir (its SQLite log when no HOINGHI_DATABASE_URL is given). */
export async function startNode(env: Record<string, string> = {}): Promise<BenchNode> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hoinghi-bench-node-'));
  // BENCH_SERVER_PROF=<dir> (passed on in the environment): the node profiles each measured phase (signal-server.ts).
  const server = await spawnServer(dataDir, { HOINGHI_LOG_LEVEL: 'warn', ...env }, ENTRY);
  const ready = JSON.parse(server.stdout().split('\n').find((l) => l.startsWith('{"ready":true'))!) as { pid: number };
  return {
    url: server.url,
    pid: ready.pid,
    server,
    adminToken: server.serverAdminToken,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Workload = Omit<SignalRunOptions, 'label' | 'nodes' | 'adminToken'>;

/** The workload, each setting overridable by its BENCH_ variable. */
export function workloadFromEnv(defaults: Workload): Workload {
  const num = (name: string, fallback: number) => {
    const v = process.env[name];
    if (v === undefined || v === '') return fallback;
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(v)}`);
    return x;
  };
  return {
    conferences: num('BENCH_CONFERENCES', defaults.conferences),
    clientsPerConference: num('BENCH_CLIENTS_PER_CONFERENCE', defaults.clientsPerConference),
    fanoutSeconds: num('BENCH_FANOUT_S', defaults.fanoutSeconds),
    throughputSeconds: num('BENCH_THROUGHPUT_S', defaults.throughputSeconds),
    inFlight: num('BENCH_IN_FLIGHT', defaults.inFlight),
    marksPerSecond: num('BENCH_MARKS_PER_S', defaults.marksPerSecond),
    pace: num('BENCH_PACE', defaults.pace),
    clientProcesses: num('BENCH_CLIENT_PROCESSES', defaults.clientProcesses),
    speakers: num('BENCH_SPEAKERS', defaults.speakers),
    catchUp: process.env.BENCH_CATCH_UP === undefined || process.env.BENCH_CATCH_UP === '' ? defaults.catchUp : process.env.BENCH_CATCH_UP === '1',
  };
}
