// npm run bench:cluster — the signalling path across nodes: the bench:signal workload
// (bench/lib/signal-run.ts) with BENCH_CLIENTS clients (10,000 by default), run in the same
// invocation against
//   - "1 node": one node on its embedded SQLite (the README's first command), and
//   - "3 nodes": three nodes as separate processes on 127.0.0.2, .3 and .4, on one PostgreSQL 15
//     and one Redis 7 that this bench starts in temp dirs on free ports (test/services), the
//     conferences' writers spread over the nodes and each conference's clients over all three;
// (BENCH_RUNS=single,pg,cluster adds "1 node on PostgreSQL", the cluster's store without its
// forwarding). Each conference's commands are sent by its chair and clerk connected to nodes that
// do not write it, so each is forwarded to the writer, and its events reach clients on all nodes.
// The clients run in BENCH_CLIENT_PROCESSES load-generator processes. Writes bench/results/cluster.json;
// figures go to docs/BENCHMARKS.md ("Signalling across nodes").
//
// Env: BENCH_CLIENTS (10,000), BENCH_CONFERENCES (10), BENCH_RUNS (single,cluster), and the
// workload's variables of bench:signal with these defaults: BENCH_FANOUT_S (20), BENCH_THROUGHPUT_S
// (8), BENCH_IN_FLIGHT (16), BENCH_MARKS_PER_S (1), BENCH_PACE (4: a chair's cycle every 4 s),
// BENCH_CLIENT_PROCESSES (4), BENCH_SPEAKERS (4), BENCH_CATCH_UP (0: points join from the set-up's
// last seq, as a reconnecting client; 1: from seq 0, the whole set-up log to each).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { startPostgres } from '../test/services/postgres.js';
import { startRedis } from '../test/services/redis.js';
import { machine } from './lib/machine.js';
import { startNode, workloadFromEnv, type BenchNode } from './lib/signal-nodes.js';
import { runSignal } from './lib/signal-run.js';

const ADDRESSES = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
const RUNS = (process.env.BENCH_RUNS ?? 'single,cluster').split(',');
const unknown = RUNS.filter((r) => !['single', 'pg', 'cluster'].includes(r));
if (unknown.length > 0) throw new Error(`BENCH_RUNS: unknown run(s) ${unknown.join(', ')} (single, pg, cluster)`);
const clientsTotal = Number(process.env.BENCH_CLIENTS ?? 10_000);
const conferences = Number(process.env.BENCH_CONFERENCES ?? 10);
if (!(clientsTotal >= conferences * 3)) throw new Error('BENCH_CLIENTS must be at least 3 per conference');
const workload = workloadFromEnv({ conferences, clientsPerConference: Math.floor(clientsTotal / conferences), fanoutSeconds: 20, throughputSeconds: 8, inFlight: 16, marksPerSecond: 1, pace: 4, clientProcesses: 4, speakers: 4, catchUp: false });

const out = (line = '') => process.stdout.write(`${line}\n`);
const uptime = () => `load average ${loadavg().map((x) => x.toFixed(2)).join(', ')}`;
const info = machine();
out(`bench:cluster — ${info.nproc} cores, ${info.cpu}, ${info.memGiB} GiB, node ${info.node}, ${info.date}; ${uptime()}`);
out(`${workload.conferences} conferences × ${workload.clientsPerConference} clients; runs: ${RUNS.join(', ')}`);

const [postgres, redis] = RUNS.some((r) => r !== 'single') ? await Promise.all([startPostgres(), startRedis()]) : [];
const results: unknown[] = [];
try {
  for (const run of RUNS) {
    const started = new Date().toISOString();
    const loadBefore = uptime();
    let nodes: BenchNode[] = [];
    try {
      if (run === 'single') nodes = [await startNode()];
      else {
        const cluster = { HOINGHI_DATABASE_URL: await postgres!.createDatabase(), HOINGHI_REDIS_URL: redis!.url };
        const addresses = run === 'pg' ? ['127.0.0.1'] : ADDRESSES;
        // The first node creates the server's secret and admin link in the database; then the others.
        nodes = [await startNode({ ...cluster, HOINGHI_HOST: addresses[0]! })];
        nodes.push(...(await Promise.all(addresses.slice(1).map((host) => startNode({ ...cluster, HOINGHI_HOST: host })))));
      }
      const label = { single: '1 node, SQLite', pg: '1 node, PostgreSQL', cluster: '3 nodes, PostgreSQL + Redis' }[run as 'single'];
      out(`\n=== ${label}: ${nodes.map((n) => n.url).join(', ')} (${loadBefore})`);
      const result = await runSignal({ label, nodes, adminToken: nodes[0]!.adminToken, ...workload });
      const forwarded = run === 'single' ? undefined : await forwardedBatches(nodes);
      if (forwarded) out(`[${label}] forwarded: ${forwarded.commands} commands in ${forwarded.batches} batches (${(forwarded.commands / Math.max(1, forwarded.batches)).toFixed(1)} per round trip), all nodes, whole run`);
      results.push({ run, started, loadBefore, loadAfter: uptime(), ...result, ...(forwarded ? { forwarded } : {}) });
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
    }
  }
} finally {
  await Promise.all([postgres?.dispose(), redis?.dispose()]);
}

/** The nodes' forwarding counters (/metrics, aggregates: no token needed), summed; undefined on a build without them. */
async function forwardedBatches(nodes: BenchNode[]): Promise<{ batches: number; commands: number } | undefined> {
  let batches = 0;
  let commands = 0;
  for (const node of nodes) {
    const text = await (await fetch(`${node.url}/metrics`)).text();
    const counter = (name: string) => /^(\S+) (\d+)$/m.exec(text.split('\n').find((line) => line.startsWith(`${name} `)) ?? '')?.[2];
    const b = counter('hoinghi_forwarded_batches_total');
    const c = counter('hoinghi_forwarded_commands_total');
    if (b === undefined || c === undefined) return undefined;
    batches += Number(b);
    commands += Number(c);
  }
  return { batches, commands };
}

const file = join(import.meta.dirname, 'results', 'cluster.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify({ machine: { ...info, loadavgAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) }, runs: results }, null, 2)}\n`);
out(`\nwritten ${file} (${uptime()} at the end)`);
process.exit(0);
