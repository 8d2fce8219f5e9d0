// npm run bench:signal — the signalling path of one real node: 1,000 socket.io clients over 10
// conferences (one chair, one clerk, 98 points each). The chair grants the floor, ends speeches
// and advances the agenda; points ask for the floor; the clerk marks attendance at a steady rate.
// Measured: time from a command's emit to the resulting event at EVERY client of that conference
// (p50/p99/max), then the sustained rate of durable commands (acked = written with
// synchronous=FULL) with every clerk keeping commands in flight. The workload is
// bench/lib/signal-run.ts (shared with bench:cluster); the clients run in load-generator processes.
// Prints tables and writes bench/results/signal.json. Figures go to docs/BENCHMARKS.md ("Signalling").
//
// Env: BENCH_CONFERENCES (10), BENCH_CLIENTS_PER_CONFERENCE (100), BENCH_FANOUT_S (20),
// BENCH_THROUGHPUT_S (8), BENCH_IN_FLIGHT (32 per clerk), BENCH_MARKS_PER_S (10 per conference),
// BENCH_PACE (1: the chair's cycle takes 1 s), BENCH_CLIENT_PROCESSES (2), BENCH_SPEAKERS (4 per
// conference), BENCH_CATCH_UP (1: points join from seq 0), BENCH_SERVER_PROF (a directory: CPU-profile the server process), BENCH_SERVER_LOOP (a directory:
// the server's event-loop delay and GC pauses per phase, printed and kept in the results).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { machine } from './lib/machine.js';
import { startNode, workloadFromEnv } from './lib/signal-nodes.js';
import { runSignal } from './lib/signal-run.js';

const info = machine();
const node = await startNode();
process.stdout.write(`bench:signal — ${info.nproc} cores, ${info.cpu}, node ${info.node}, ${info.date}; server ${node.url} (pid ${node.pid})\n`);
const workload = workloadFromEnv({ conferences: 10, clientsPerConference: 100, fanoutSeconds: 20, throughputSeconds: 8, inFlight: 32, marksPerSecond: 10, pace: 1, clientProcesses: 2, speakers: 4, catchUp: true });
const result = await runSignal({ label: '1 node', nodes: [node], adminToken: node.adminToken, ...workload }).finally(() => node.stop());

const file = join(import.meta.dirname, 'results', 'signal.json');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify({ machine: { ...info, loadavgAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) }, ...result }, null, 2)}\n`);
process.stdout.write(`\nwritten ${file} (1-min load average ${loadavg()[0]!.toFixed(2)} at the end, ${info.loadavgAtStart[0]} at the start)\n`);
process.exit(0);
